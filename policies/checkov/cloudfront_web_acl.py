"""TX-06: every CloudFront distribution is protected by a WAF web ACL."""

from __future__ import annotations

from typing import Any

from checkov.common.models.consts import ANY_VALUE
from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class CloudfrontWebAcl(ValueCheck):
    CLAIMS = ("TX-06",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every CloudFront distribution has a WAF web ACL",
            id="CKV_FIN_60",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("AWS::CloudFront::Distribution",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/DistributionConfig/WebACLId"

    def get_expected_value(self) -> Any:
        return ANY_VALUE


check = CloudfrontWebAcl()
