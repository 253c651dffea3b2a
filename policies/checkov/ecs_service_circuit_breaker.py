"""TX-08: every ECS service deploys behind a circuit breaker that rolls a failed deployment back."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, clean, dig, is_true, properties


class EcsServiceCircuitBreaker(ResourceCheck):
    CLAIMS = ("TX-08",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every ECS service has a deployment circuit breaker with rollback",
            id="CKV_FIN_73",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::ECS::Service",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        breaker = clean(dig(properties(conf), "DeploymentConfiguration", "DeploymentCircuitBreaker"))
        if is_true(breaker.get("Enable")) and is_true(breaker.get("Rollback")):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = EcsServiceCircuitBreaker()
