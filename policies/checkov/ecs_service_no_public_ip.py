"""TX-08: every ECS service runs its tasks in VPC networking without public IP addresses."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, clean, dig, properties


class EcsServiceNoPublicIp(ResourceCheck):
    CLAIMS = ("TX-08",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every ECS service's tasks get no public IP address",
            id="CKV_FIN_71",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("AWS::ECS::Service",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        awsvpc = clean(dig(properties(conf), "NetworkConfiguration", "AwsvpcConfiguration"))
        if awsvpc and awsvpc.get("AssignPublicIp", "DISABLED") == "DISABLED":
            return CheckResult.PASSED
        return CheckResult.FAILED


check = EcsServiceNoPublicIp()
