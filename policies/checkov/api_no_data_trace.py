"""WH-05: no API stage or deployment logs full requests and responses (data trace): execution
logging must never record bodies."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, clean, is_true, mappings, properties


class ApiNoDataTrace(ResourceCheck):
    CLAIMS = ("WH-05",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure no API stage or deployment has data trace (full request/response logging) on",
            id="CKV_FIN_32",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment"),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        stage = (
            clean(props.get("StageDescription"))
            if conf.get("Type") == "AWS::ApiGateway::Deployment"
            else props
        )
        settings = [stage, *mappings(stage.get("MethodSettings"))]
        if any(is_true(setting.get("DataTraceEnabled")) for setting in settings):
            return CheckResult.FAILED
        return CheckResult.PASSED


check = ApiNoDataTrace()
