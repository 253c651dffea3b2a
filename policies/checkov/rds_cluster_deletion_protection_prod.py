"""MW-06 / TX-03: every production Aurora cluster has deletion protection on (read from the
resource's `Environment` tag; other environments are not assessed)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_production, is_true, properties


class RdsClusterDeletionProtectionProd(ResourceCheck):
    CLAIMS = ("MW-06", "TX-03")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every production RDS cluster has deletion protection on",
            id="CKV_FIN_21",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=("AWS::RDS::DBCluster",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if not is_production(conf):
            return CheckResult.UNKNOWN
        return (
            CheckResult.PASSED if is_true(properties(conf).get("DeletionProtection")) else CheckResult.FAILED
        )


check = RdsClusterDeletionProtectionProd()
