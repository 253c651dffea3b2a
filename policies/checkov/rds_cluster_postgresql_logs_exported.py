"""TX-03 / MW-02: every RDS cluster exports its PostgreSQL log to CloudWatch Logs."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_list, properties


class RdsClusterPostgresqlLogsExported(ResourceCheck):
    CLAIMS = ("TX-03", "MW-02")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every RDS cluster exports the postgresql log to CloudWatch Logs",
            id="CKV_FIN_49",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::RDS::DBCluster",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        exports = as_list(properties(conf).get("EnableCloudwatchLogsExports"))
        return CheckResult.PASSED if "postgresql" in exports else CheckResult.FAILED


check = RdsClusterPostgresqlLogsExported()
