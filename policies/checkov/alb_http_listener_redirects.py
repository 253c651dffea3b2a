"""TX-07 / MW-04: every plain-HTTP listener only redirects to HTTPS on port 443; other listeners are
not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, clean, mappings, properties
from policies.constants import HTTPS_PORT


def redirects_to_https(action: dict[str, Any]) -> bool:
    redirect = clean(action.get("RedirectConfig"))
    return (
        action.get("Type") == "redirect"
        and redirect.get("Protocol") == "HTTPS"
        and str(redirect.get("Port")) == str(HTTPS_PORT)
    )


class AlbHttpListenerRedirects(ResourceCheck):
    CLAIMS = ("TX-07", "MW-04")

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every HTTP listener only redirects to HTTPS on port {HTTPS_PORT}",
            id="CKV_FIN_68",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::ElasticLoadBalancingV2::Listener",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if props.get("Protocol") != "HTTP":
            return CheckResult.UNKNOWN
        actions = mappings(props.get("DefaultActions"))
        return CheckResult.PASSED if actions and all(map(redirects_to_https, actions)) else CheckResult.FAILED


check = AlbHttpListenerRedirects()
