"""TX-02: ingress from anywhere (0.0.0.0/0 or ::/0) is only HTTPS (443) or HTTP (80, which only
redirects); every other port is open to named sources only."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_number, mappings, properties
from policies.constants import HTTP_PORT, HTTPS_PORT

ANYWHERE = {"CidrIp": "0.0.0.0/0", "CidrIpv6": "::/0"}


def is_public_non_web(rule: dict[str, Any]) -> bool:
    if not any(rule.get(key) == cidr for key, cidr in ANYWHERE.items()):
        return False
    port = as_number(rule.get("FromPort"))
    tcp = str(rule.get("IpProtocol")).lower() in ("tcp", "6")
    return not (tcp and port in (HTTP_PORT, HTTPS_PORT) and as_number(rule.get("ToPort")) == port)


class SecurityGroupPublicIngressWebOnly(ResourceCheck):
    CLAIMS = ("TX-02",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure ingress from 0.0.0.0/0 or ::/0 is only on ports {HTTPS_PORT} and {HTTP_PORT}",
            id="CKV_FIN_45",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if conf.get("Type") == "AWS::EC2::SecurityGroupIngress":
            rules = [props]
        else:
            rules = mappings(props.get("SecurityGroupIngress"))
        return CheckResult.FAILED if any(map(is_public_non_web, rules)) else CheckResult.PASSED


check = SecurityGroupPublicIngressWebOnly()
