"""TX-06 / TX-05: a CloudFront distribution reads its S3 origins through origin access control,
never a legacy origin access identity; a distribution without S3 origins is not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, clean, dig, is_set, mappings, properties


class CloudfrontOriginAccessControl(ResourceCheck):
    CLAIMS = ("TX-06", "TX-05")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure CloudFront reads S3 origins through origin access control, not an OAI",
            id="CKV_FIN_62",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::CloudFront::Distribution",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        origins = mappings(dig(properties(conf), "DistributionConfig", "Origins"))
        s3_origins = [origin for origin in origins if "S3OriginConfig" in origin]
        if not s3_origins:
            return CheckResult.UNKNOWN
        for origin in s3_origins:
            identity = clean(origin.get("S3OriginConfig")).get("OriginAccessIdentity")
            if is_set(identity) or not is_set(origin.get("OriginAccessControlId")):
                return CheckResult.FAILED
        return CheckResult.PASSED


check = CloudfrontOriginAccessControl()
