"""TX-07: every target group health-checks its targets on an explicit path."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_set, is_true, properties


class TargetGroupHealthCheck(ResourceCheck):
    CLAIMS = ("TX-07",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every target group has health checks enabled on an explicit path",
            id="CKV_FIN_69",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::ElasticLoadBalancingV2::TargetGroup",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if is_true(props.get("HealthCheckEnabled")) and is_set(props.get("HealthCheckPath")):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = TargetGroupHealthCheck()
