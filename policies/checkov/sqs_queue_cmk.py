"""MW-03 / WH-08: every SQS queue is encrypted with a customer-managed KMS key (not alias/aws/sqs,
not SQS-managed SSE)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_customer_managed_key, properties


class SqsQueueCmk(ResourceCheck):
    CLAIMS = ("MW-03", "WH-08")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every SQS queue is encrypted with a customer-managed KMS key",
            id="CKV_FIN_8",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::SQS::Queue",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        key = properties(conf).get("KmsMasterKeyId")
        return CheckResult.PASSED if is_customer_managed_key(key) else CheckResult.FAILED


check = SqsQueueCmk()
