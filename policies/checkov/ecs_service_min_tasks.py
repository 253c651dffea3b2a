"""TX-08: an ECS service that sets a desired count runs at least the project's minimum number of
tasks; one that leaves the count to autoscaling is not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_number, properties
from policies.constants import ECS_MIN_TASKS


class EcsServiceMinTasks(ResourceCheck):
    CLAIMS = ("TX-08",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every ECS service with a desired count runs at least {ECS_MIN_TASKS} tasks",
            id="CKV_FIN_72",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::ECS::Service",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if "DesiredCount" not in props:
            return CheckResult.UNKNOWN
        count = as_number(props["DesiredCount"])
        return CheckResult.PASSED if count is not None and count >= ECS_MIN_TASKS else CheckResult.FAILED


check = EcsServiceMinTasks()
