"""WH-02: every API method except CORS preflight (OPTIONS) requires an API key."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_true, properties


class ApiMethodRequiresApiKey(ResourceCheck):
    CLAIMS = ("WH-02",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every API method (OPTIONS aside) requires an API key",
            id="CKV_FIN_26",
            categories=(CheckCategories.API_SECURITY,),
            supported_resources=("AWS::ApiGateway::Method",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if str(props.get("HttpMethod", "")).upper() == "OPTIONS":
            return CheckResult.UNKNOWN
        return CheckResult.PASSED if is_true(props.get("ApiKeyRequired")) else CheckResult.FAILED


check = ApiMethodRequiresApiKey()
