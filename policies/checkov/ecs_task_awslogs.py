"""TX-09 / MW-02: every ECS container logs through the awslogs driver to a named log group."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, clean, is_set, mappings, properties


def logs_to_log_group(container: dict[str, Any]) -> bool:
    logging = clean(container.get("LogConfiguration"))
    return logging.get("LogDriver") == "awslogs" and is_set(
        clean(logging.get("Options")).get("awslogs-group")
    )


class EcsTaskAwslogs(ResourceCheck):
    CLAIMS = ("TX-09", "MW-02")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every ECS container logs with the awslogs driver to a log group",
            id="CKV_FIN_80",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::ECS::TaskDefinition",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        containers = mappings(properties(conf).get("ContainerDefinitions"))
        return (
            CheckResult.PASSED
            if containers and all(map(logs_to_log_group, containers))
            else CheckResult.FAILED
        )


check = EcsTaskAwslogs()
