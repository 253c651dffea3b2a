"""TX-09: every ECS task definition has a task role separate from its execution role."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_set, properties, strip


class EcsTaskSeparateRoles(ResourceCheck):
    CLAIMS = ("TX-09",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every ECS task definition has separate task and execution roles",
            id="CKV_FIN_77",
            categories=(CheckCategories.IAM,),
            supported_resources=("AWS::ECS::TaskDefinition",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        execution, task = strip(props.get("ExecutionRoleArn")), strip(props.get("TaskRoleArn"))
        return (
            CheckResult.PASSED
            if is_set(execution) and is_set(task) and execution != task
            else CheckResult.FAILED
        )


check = EcsTaskSeparateRoles()
