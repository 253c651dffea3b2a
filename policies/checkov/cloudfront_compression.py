"""TX-06: every CloudFront behavior compresses responses."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, cache_behaviors, is_true


class CloudfrontCompression(ResourceCheck):
    CLAIMS = ("TX-06",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every CloudFront behavior compresses responses",
            id="CKV_FIN_58",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::CloudFront::Distribution",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        behaviors = cache_behaviors(conf)
        if behaviors and all(is_true(behavior.get("Compress")) for behavior in behaviors):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = CloudfrontCompression()
