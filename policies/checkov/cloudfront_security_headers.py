"""TX-06: every CloudFront behavior adds security headers through a response headers policy."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, cache_behaviors, is_set


class CloudfrontSecurityHeaders(ResourceCheck):
    CLAIMS = ("TX-06",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every CloudFront behavior has a response headers policy",
            id="CKV_FIN_61",
            categories=(CheckCategories.APPLICATION_SECURITY,),
            supported_resources=("AWS::CloudFront::Distribution",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        behaviors = cache_behaviors(conf)
        if behaviors and all(is_set(behavior.get("ResponseHeadersPolicyId")) for behavior in behaviors):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = CloudfrontSecurityHeaders()
