"""TX-06: every CloudFront distribution serves HTTP/2 and HTTP/3."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class CloudfrontHttp2AndHttp3(ValueCheck):
    CLAIMS = ("TX-06",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every CloudFront distribution serves HTTP/2 and HTTP/3 (http2and3)",
            id="CKV_FIN_57",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("AWS::CloudFront::Distribution",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/DistributionConfig/HttpVersion"

    def get_expected_value(self) -> str:
        return "http2and3"


check = CloudfrontHttp2AndHttp3()
