"""TX-08: ECS target-tracking scaling policies hold CPU and memory at the project's target
percentages; policies on other metrics are not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_number, clean, dig, properties
from policies.constants import ECS_SCALING_CPU_PERCENT, ECS_SCALING_MEMORY_PERCENT

CPU, MEMORY = ECS_SCALING_CPU_PERCENT, ECS_SCALING_MEMORY_PERCENT
TARGETS = {
    "ECSServiceAverageCPUUtilization": CPU,
    "ECSServiceAverageMemoryUtilization": MEMORY,
}


class EcsScalingPolicyTargets(ResourceCheck):
    CLAIMS = ("TX-08",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure ECS scaling targets CPU {CPU}% and memory {MEMORY}%",
            id="CKV_FIN_76",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::ApplicationAutoScaling::ScalingPolicy",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        tracking = clean(properties(conf).get("TargetTrackingScalingPolicyConfiguration"))
        metric = dig(tracking, "PredefinedMetricSpecification", "PredefinedMetricType")
        if metric not in TARGETS:
            return CheckResult.UNKNOWN
        return (
            CheckResult.PASSED
            if as_number(tracking.get("TargetValue")) == TARGETS[metric]
            else CheckResult.FAILED
        )


check = EcsScalingPolicyTargets()
