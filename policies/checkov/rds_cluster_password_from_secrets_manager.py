"""MW-08 / TX-03: an Aurora cluster's master password comes from Secrets Manager (a managed master
password, or a `{{resolve:secretsmanager:...}}` reference), never a literal in the template."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_true, properties, text


class RdsClusterPasswordFromSecretsManager(ResourceCheck):
    CLAIMS = ("MW-08", "TX-03")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every RDS cluster's master password comes from Secrets Manager",
            id="CKV_FIN_24",
            categories=(CheckCategories.SECRETS,),
            supported_resources=("AWS::RDS::DBCluster",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if is_true(props.get("ManageMasterUserPassword")):
            return CheckResult.PASSED
        if text(props.get("MasterUserPassword")).startswith("{{resolve:secretsmanager:"):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = RdsClusterPasswordFromSecretsManager()
