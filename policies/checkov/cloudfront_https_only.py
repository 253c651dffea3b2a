"""TX-06 / MW-04: every CloudFront behavior serves viewers over HTTPS only (HTTP redirects)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, cache_behaviors

HTTPS_POLICIES = ("redirect-to-https", "https-only")


class CloudfrontHttpsOnly(ResourceCheck):
    CLAIMS = ("TX-06", "MW-04")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every CloudFront behavior redirects HTTP to HTTPS or serves HTTPS only",
            id="CKV_FIN_55",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::CloudFront::Distribution",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        behaviors = cache_behaviors(conf)
        if behaviors and all(
            behavior.get("ViewerProtocolPolicy") in HTTPS_POLICIES for behavior in behaviors
        ):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = CloudfrontHttpsOnly()
