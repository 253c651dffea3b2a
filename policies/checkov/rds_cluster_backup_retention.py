"""TX-03: every RDS cluster keeps automated backups at least the project's minimum number of days
(CloudFormation's default is 1)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_number, properties
from policies.constants import DB_BACKUP_RETENTION_DAYS


class RdsClusterBackupRetention(ResourceCheck):
    CLAIMS = ("TX-03",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every RDS cluster keeps backups at least {DB_BACKUP_RETENTION_DAYS} days",
            id="CKV_FIN_47",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=("AWS::RDS::DBCluster",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        days = as_number(properties(conf).get("BackupRetentionPeriod"))
        return (
            CheckResult.PASSED
            if days is not None and days >= DB_BACKUP_RETENTION_DAYS
            else CheckResult.FAILED
        )


check = RdsClusterBackupRetention()
