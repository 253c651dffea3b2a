"""WH-03: every API stage throttles by default (all resources, all methods) at the project's
steady rate and burst, and no method setting allows more."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_number, mappings, properties
from policies.constants import API_BURST_LIMIT, API_RATE_LIMIT_RPS


def limits(setting: dict[str, Any]) -> tuple[float | None, float | None]:
    return as_number(setting.get("ThrottlingRateLimit")), as_number(setting.get("ThrottlingBurstLimit"))


class ApiStageThrottling(ResourceCheck):
    CLAIMS = ("WH-03",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every API stage throttles at {API_RATE_LIMIT_RPS}/s, burst {API_BURST_LIMIT}",
            id="CKV_FIN_27",
            categories=(CheckCategories.API_SECURITY,),
            supported_resources=("AWS::ApiGateway::Stage",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        settings = mappings(properties(conf).get("MethodSettings"))
        defaults = [s for s in settings if s.get("ResourcePath") == "/*" and s.get("HttpMethod") == "*"]
        if not defaults or limits(defaults[0]) != (API_RATE_LIMIT_RPS, API_BURST_LIMIT):
            return CheckResult.FAILED
        for rate, burst in map(limits, settings):
            if (rate or 0) > API_RATE_LIMIT_RPS or (burst or 0) > API_BURST_LIMIT:
                return CheckResult.FAILED
        return CheckResult.PASSED


check = ApiStageThrottling()
