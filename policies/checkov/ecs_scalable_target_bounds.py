"""TX-08: every ECS service's scalable target scales between the project's minimum and maximum
task counts; scalable targets of other services are not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_number, properties
from policies.constants import ECS_MAX_TASKS, ECS_MIN_TASKS


class EcsScalableTargetBounds(ResourceCheck):
    CLAIMS = ("TX-08",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every ECS scalable target scales from {ECS_MIN_TASKS} to {ECS_MAX_TASKS} tasks",
            id="CKV_FIN_75",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::ApplicationAutoScaling::ScalableTarget",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if props.get("ServiceNamespace") != "ecs":
            return CheckResult.UNKNOWN
        bounds = (as_number(props.get("MinCapacity")), as_number(props.get("MaxCapacity")))
        return CheckResult.PASSED if bounds == (ECS_MIN_TASKS, ECS_MAX_TASKS) else CheckResult.FAILED


check = EcsScalableTargetBounds()
