"""MW-03: every Secrets Manager secret is encrypted with a customer-managed KMS key
(not the default alias/aws/secretsmanager)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_customer_managed_key, properties


class SecretCmk(ResourceCheck):
    CLAIMS = ("MW-03",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every Secrets Manager secret is encrypted with a customer-managed KMS key",
            id="CKV_FIN_10",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::SecretsManager::Secret",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        key = properties(conf).get("KmsKeyId")
        return CheckResult.PASSED if is_customer_managed_key(key) else CheckResult.FAILED


check = SecretCmk()
