"""MW-03: every S3 bucket encrypts with SSE-KMS under a customer-managed key, unless its
CloudFormation Metadata names the exception and its reason (e.g. a log-delivery bucket that the
delivering service can only write with SSE-S3)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import (
    ResourceCheck,
    clean,
    dig,
    is_customer_managed_key,
    mappings,
    metadata,
    properties,
)
from policies.constants import ENCRYPTION_EXCEPTION_METADATA, MIN_EXCEPTION_REASON_CHARS

KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


class S3BucketKmsOrNamedException(ResourceCheck):
    CLAIMS = ("MW-03",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every S3 bucket uses SSE-KMS with a customer-managed key or names its exception",
            id="CKV_FIN_13",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::S3::Bucket",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        reason = metadata(conf, ENCRYPTION_EXCEPTION_METADATA)
        if isinstance(reason, str) and len(reason.strip()) >= MIN_EXCEPTION_REASON_CHARS:
            return CheckResult.PASSED
        rules = mappings(dig(properties(conf), "BucketEncryption", "ServerSideEncryptionConfiguration"))
        defaults = [clean(rule.get("ServerSideEncryptionByDefault")) for rule in rules]
        if defaults and all(
            default.get("SSEAlgorithm") in KMS_ALGORITHMS
            and is_customer_managed_key(default.get("KMSMasterKeyID"))
            for default in defaults
        ):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = S3BucketKmsOrNamedException()
