"""MW-03 / WH-10 / TX-04: every DynamoDB table is encrypted with a customer-managed KMS key."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, clean, is_customer_managed_key, is_true, properties


class DynamodbTableCmk(ResourceCheck):
    CLAIMS = ("MW-03", "WH-10", "TX-04")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every DynamoDB table is encrypted with a customer-managed KMS key",
            id="CKV_FIN_7",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::DynamoDB::Table",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        sse = clean(properties(conf).get("SSESpecification"))
        if is_true(sse.get("SSEEnabled")) and is_customer_managed_key(sse.get("KMSMasterKeyId")):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = DynamodbTableCmk()
