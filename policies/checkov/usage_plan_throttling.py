"""WH-03: every API usage plan throttles at the project's steady rate and burst."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_number, clean, properties
from policies.constants import API_BURST_LIMIT, API_RATE_LIMIT_RPS


class UsagePlanThrottling(ResourceCheck):
    CLAIMS = ("WH-03",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every usage plan throttles at {API_RATE_LIMIT_RPS}/s, burst {API_BURST_LIMIT}",
            id="CKV_FIN_28",
            categories=(CheckCategories.API_SECURITY,),
            supported_resources=("AWS::ApiGateway::UsagePlan",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        throttle = clean(properties(conf).get("Throttle"))
        rate, burst = as_number(throttle.get("RateLimit")), as_number(throttle.get("BurstLimit"))
        if rate == API_RATE_LIMIT_RPS and burst == API_BURST_LIMIT:
            return CheckResult.PASSED
        return CheckResult.FAILED


check = UsagePlanThrottling()
