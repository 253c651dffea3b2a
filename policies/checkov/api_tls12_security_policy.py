"""MW-04: every REST API and API custom domain refuses TLS below 1.2 (a regional or edge REST API
without a security policy still accepts TLS 1.0)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_list, dig, properties
from policies.checkov.reference_lists import TLS12_API_POLICIES


class ApiTls12SecurityPolicy(ResourceCheck):
    CLAIMS = ("MW-04",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every REST API and API domain name uses a TLS 1.2+ security policy",
            id="CKV_FIN_15",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::ApiGateway::RestApi", "AWS::ApiGateway::DomainName"),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        policy = props.get("SecurityPolicy")
        if policy is None and as_list(dig(props, "EndpointConfiguration", "Types")) == ["PRIVATE"]:
            return CheckResult.PASSED  # private endpoints negotiate TLS 1.2 at least
        return CheckResult.PASSED if policy in TLS12_API_POLICIES else CheckResult.FAILED


check = ApiTls12SecurityPolicy()
