"""TX-07 / MW-06: every production load balancer has deletion protection on (read from the
resource's `Environment` tag; other environments are not assessed)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_production, is_true, load_balancer_attributes


class AlbDeletionProtectionProd(ResourceCheck):
    CLAIMS = ("TX-07", "MW-06")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every production load balancer has deletion protection on",
            id="CKV_FIN_66",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=("AWS::ElasticLoadBalancingV2::LoadBalancer",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if not is_production(conf):
            return CheckResult.UNKNOWN
        protected = is_true(load_balancer_attributes(conf).get("deletion_protection.enabled"))
        return CheckResult.PASSED if protected else CheckResult.FAILED


check = AlbDeletionProtectionProd()
