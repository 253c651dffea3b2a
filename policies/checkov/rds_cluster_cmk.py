"""MW-03 / TX-03: every Aurora cluster's storage is encrypted with a customer-managed KMS key."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_customer_managed_key, is_true, properties


class RdsClusterCmk(ResourceCheck):
    CLAIMS = ("MW-03", "TX-03")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every RDS cluster's storage is encrypted with a customer-managed KMS key",
            id="CKV_FIN_11",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::RDS::DBCluster",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if is_true(props.get("StorageEncrypted")) and is_customer_managed_key(props.get("KmsKeyId")):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = RdsClusterCmk()
