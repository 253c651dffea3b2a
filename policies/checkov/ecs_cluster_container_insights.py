"""TX-08: every ECS cluster has Container Insights on."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, mappings, properties

ON = ("enabled", "enhanced")


class EcsClusterContainerInsights(ResourceCheck):
    CLAIMS = ("TX-08",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every ECS cluster has Container Insights on",
            id="CKV_FIN_70",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::ECS::Cluster",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        settings = mappings(properties(conf).get("ClusterSettings"))
        if any(s.get("Name") == "containerInsights" and s.get("Value") in ON for s in settings):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = EcsClusterContainerInsights()
