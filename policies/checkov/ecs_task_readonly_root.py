"""TX-09: every ECS container runs with a read-only root filesystem."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_true, mappings, properties


class EcsTaskReadonlyRoot(ResourceCheck):
    CLAIMS = ("TX-09",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every ECS container has a read-only root filesystem",
            id="CKV_FIN_79",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::ECS::TaskDefinition",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        containers = mappings(properties(conf).get("ContainerDefinitions"))
        if containers and all(is_true(c.get("ReadonlyRootFilesystem")) for c in containers):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = EcsTaskReadonlyRoot()
