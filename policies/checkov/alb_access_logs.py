"""TX-07: every application load balancer writes access logs to an S3 bucket."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import (
    ResourceCheck,
    is_application_load_balancer,
    is_set,
    is_true,
    load_balancer_attributes,
)


class AlbAccessLogs(ResourceCheck):
    CLAIMS = ("TX-07",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every application load balancer writes access logs to S3",
            id="CKV_FIN_65",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::ElasticLoadBalancingV2::LoadBalancer",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if not is_application_load_balancer(conf):
            return CheckResult.UNKNOWN
        attributes = load_balancer_attributes(conf)
        if is_true(attributes.get("access_logs.s3.enabled")) and is_set(
            attributes.get("access_logs.s3.bucket")
        ):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = AlbAccessLogs()
