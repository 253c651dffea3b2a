"""TX-06 / MW-04: a CloudFront distribution with its own certificate (custom domain) accepts TLS 1.2
(2021 policy) at minimum; one on the default *.cloudfront.net certificate is not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, clean, dig, is_set, properties
from policies.constants import CLOUDFRONT_TLS_POLICY


class CloudfrontTlsPolicy(ResourceCheck):
    CLAIMS = ("TX-06", "MW-04")

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure CloudFront distributions with a custom certificate require {CLOUDFRONT_TLS_POLICY}",
            id="CKV_FIN_56",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::CloudFront::Distribution",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        certificate = clean(dig(properties(conf), "DistributionConfig", "ViewerCertificate"))
        if not (is_set(certificate.get("AcmCertificateArn")) or is_set(certificate.get("IamCertificateId"))):
            return CheckResult.UNKNOWN
        if certificate.get("MinimumProtocolVersion") == CLOUDFRONT_TLS_POLICY:
            return CheckResult.PASSED
        return CheckResult.FAILED


check = CloudfrontTlsPolicy()
