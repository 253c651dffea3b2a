"""TX-01: every VPC flow log records all traffic (accepted and rejected)."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class FlowLogAllTraffic(ValueCheck):
    CLAIMS = ("TX-01",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every flow log records ALL traffic",
            id="CKV_FIN_43",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::EC2::FlowLog",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/TrafficType"

    def get_expected_value(self) -> str:
        return "ALL"


check = FlowLogAllTraffic()
