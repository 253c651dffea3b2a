"""TX-07 / MW-04: every HTTPS listener has a certificate and a TLS 1.2+ security policy
(`reference_lists.TLS12_LISTENER_POLICIES`); other listeners are not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_set, mappings, properties
from policies.checkov.reference_lists import TLS12_LISTENER_POLICIES


class AlbHttpsListenerTls12(ResourceCheck):
    CLAIMS = ("TX-07", "MW-04")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every HTTPS listener has a certificate and a TLS 1.2+ security policy",
            id="CKV_FIN_67",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::ElasticLoadBalancingV2::Listener",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if props.get("Protocol") != "HTTPS":
            return CheckResult.UNKNOWN
        certificates = [
            cert for cert in mappings(props.get("Certificates")) if is_set(cert.get("CertificateArn"))
        ]
        if certificates and props.get("SslPolicy") in TLS12_LISTENER_POLICIES:
            return CheckResult.PASSED
        return CheckResult.FAILED


check = AlbHttpsListenerTls12()
