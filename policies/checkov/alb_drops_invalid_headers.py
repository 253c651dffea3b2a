"""TX-07: every application load balancer drops requests' invalid HTTP header fields."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import (
    ResourceCheck,
    is_application_load_balancer,
    is_true,
    load_balancer_attributes,
)

ATTRIBUTE = "routing.http.drop_invalid_header_fields.enabled"


class AlbDropsInvalidHeaders(ResourceCheck):
    CLAIMS = ("TX-07",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every application load balancer drops invalid header fields",
            id="CKV_FIN_64",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("AWS::ElasticLoadBalancingV2::LoadBalancer",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if not is_application_load_balancer(conf):
            return CheckResult.UNKNOWN
        enabled = is_true(load_balancer_attributes(conf).get(ATTRIBUTE))
        return CheckResult.PASSED if enabled else CheckResult.FAILED


check = AlbDropsInvalidHeaders()
