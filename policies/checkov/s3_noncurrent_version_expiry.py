"""TX-05: every versioned data bucket expires noncurrent versions after exactly the project's
number of days (an enabled lifecycle rule over the whole bucket); log buckets and unversioned
buckets are not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_number, dig, is_set, mappings, metadata, properties
from policies.constants import LOG_BUCKET_METADATA, NONCURRENT_VERSION_EXPIRY_DAYS

DAYS = NONCURRENT_VERSION_EXPIRY_DAYS
FILTERS = ("Prefix", "TagFilters", "ObjectSizeGreaterThan", "ObjectSizeLessThan")


def expires_every_noncurrent_version(rule: dict[str, Any]) -> bool:
    """An enabled rule over the whole bucket that expires noncurrent versions after the set days."""
    days = dig(rule, "NoncurrentVersionExpiration", "NoncurrentDays")
    days = as_number(days if days is not None else rule.get("NoncurrentVersionExpirationInDays"))
    whole_bucket = not any(is_set(rule.get(name)) for name in FILTERS)
    return rule.get("Status") == "Enabled" and whole_bucket and days == DAYS


class S3NoncurrentVersionExpiry(ResourceCheck):
    CLAIMS = ("TX-05",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure versioned buckets expire noncurrent versions after {DAYS} days",
            id="CKV_FIN_54",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::S3::Bucket",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        versioned = dig(props, "VersioningConfiguration", "Status") == "Enabled"
        if not versioned or is_set(metadata(conf, LOG_BUCKET_METADATA)):
            return CheckResult.UNKNOWN
        rules = mappings(dig(props, "LifecycleConfiguration", "Rules"))
        if any(expires_every_noncurrent_version(rule) for rule in rules):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = S3NoncurrentVersionExpiry()
