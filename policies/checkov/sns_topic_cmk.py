"""MW-03 / WH-07 / WH-16 / TX-11: every SNS topic is encrypted with a customer-managed KMS key
(not alias/aws/sns)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_customer_managed_key, properties


class SnsTopicCmk(ResourceCheck):
    CLAIMS = ("MW-03", "WH-07", "WH-16", "TX-11")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every SNS topic is encrypted with a customer-managed KMS key",
            id="CKV_FIN_9",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::SNS::Topic",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        key = properties(conf).get("KmsMasterKeyId")
        return CheckResult.PASSED if is_customer_managed_key(key) else CheckResult.FAILED


check = SnsTopicCmk()
