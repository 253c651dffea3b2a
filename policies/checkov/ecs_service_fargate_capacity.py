"""TX-08: every ECS service runs its base on FARGATE and the rest also on FARGATE_SPOT (capacity
provider strategy: FARGATE with the project's base, FARGATE_SPOT with a weight)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_number, mappings, properties
from policies.constants import FARGATE_BASE_TASKS


class EcsServiceFargateCapacity(ResourceCheck):
    CLAIMS = ("TX-08",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every ECS service uses FARGATE (base {FARGATE_BASE_TASKS}) and FARGATE_SPOT",
            id="CKV_FIN_74",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::ECS::Service",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        strategy = {
            item.get("CapacityProvider"): item
            for item in mappings(properties(conf).get("CapacityProviderStrategy"))
        }
        on_demand, spot = strategy.get("FARGATE", {}), strategy.get("FARGATE_SPOT", {})
        if (
            as_number(on_demand.get("Base")) == FARGATE_BASE_TASKS
            and (as_number(spot.get("Weight")) or 0) > 0
        ):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = EcsServiceFargateCapacity()
