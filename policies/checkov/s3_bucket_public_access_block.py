"""TX-05: every S3 bucket blocks all public access (all four settings on)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, clean, is_true, properties

SETTINGS = ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")


class S3BucketPublicAccessBlock(ResourceCheck):
    CLAIMS = ("TX-05",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every S3 bucket blocks all public access",
            id="CKV_FIN_52",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::S3::Bucket",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        block = clean(properties(conf).get("PublicAccessBlockConfiguration"))
        return (
            CheckResult.PASSED if all(is_true(block.get(name)) for name in SETTINGS) else CheckResult.FAILED
        )


check = S3BucketPublicAccessBlock()
