"""TX-05: every S3 bucket writes server access logs to a log bucket; a bucket marked as a log bucket
in its Metadata (it receives the logs) is not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, dig, is_set, metadata, properties
from policies.constants import LOG_BUCKET_METADATA


class S3BucketAccessLogging(ResourceCheck):
    CLAIMS = ("TX-05",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every S3 bucket other than a log bucket has server access logging",
            id="CKV_FIN_53",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::S3::Bucket",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if is_set(metadata(conf, LOG_BUCKET_METADATA)):
            return CheckResult.UNKNOWN
        target = dig(properties(conf), "LoggingConfiguration", "DestinationBucketName")
        return CheckResult.PASSED if is_set(target) else CheckResult.FAILED


check = S3BucketAccessLogging()
