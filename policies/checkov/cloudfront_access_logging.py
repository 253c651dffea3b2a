"""TX-06: every CloudFront distribution writes access logs to a bucket."""

from __future__ import annotations

from typing import Any

from checkov.common.models.consts import ANY_VALUE
from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class CloudfrontAccessLogging(ValueCheck):
    CLAIMS = ("TX-06",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every CloudFront distribution has access logging",
            id="CKV_FIN_59",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::CloudFront::Distribution",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/DistributionConfig/Logging/Bucket"

    def get_expected_value(self) -> Any:
        return ANY_VALUE


check = CloudfrontAccessLogging()
