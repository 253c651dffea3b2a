"""WH-04: every API method that takes a body (POST, PUT, PATCH) has a request validator and a
request model, so API Gateway validates the body before the function runs."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_set, properties

BODY_METHODS = ("POST", "PUT", "PATCH")


class ApiMethodValidatesBody(ResourceCheck):
    CLAIMS = ("WH-04",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every API method taking a body validates it against a request model",
            id="CKV_FIN_29",
            categories=(CheckCategories.API_SECURITY,),
            supported_resources=("AWS::ApiGateway::Method",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if str(props.get("HttpMethod", "")).upper() not in BODY_METHODS:
            return CheckResult.UNKNOWN
        if is_set(props.get("RequestValidatorId")) and is_set(props.get("RequestModels")):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = ApiMethodValidatesBody()
