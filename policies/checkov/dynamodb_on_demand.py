"""WH-10 / TX-04: every DynamoDB table is on-demand (PAY_PER_REQUEST)."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class DynamodbOnDemand(ValueCheck):
    CLAIMS = ("WH-10", "TX-04")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every DynamoDB table uses on-demand capacity (PAY_PER_REQUEST)",
            id="CKV_FIN_40",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::DynamoDB::Table",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/BillingMode"

    def get_expected_value(self) -> str:
        return "PAY_PER_REQUEST"


check = DynamodbOnDemand()
