"""TX-07: the application load balancer is internet-facing (CloudFormation's default scheme)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_application_load_balancer, properties


class AlbInternetFacing(ResourceCheck):
    CLAIMS = ("TX-07",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every application load balancer is internet-facing",
            id="CKV_FIN_63",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("AWS::ElasticLoadBalancingV2::LoadBalancer",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if not is_application_load_balancer(conf):
            return CheckResult.UNKNOWN
        scheme = properties(conf).get("Scheme", "internet-facing")
        return CheckResult.PASSED if scheme == "internet-facing" else CheckResult.FAILED


check = AlbInternetFacing()
