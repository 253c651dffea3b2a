"""WH-10 / TX-04: every DynamoDB table has point-in-time recovery on."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class DynamodbPointInTimeRecovery(ValueCheck):
    CLAIMS = ("WH-10", "TX-04")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every DynamoDB table has point-in-time recovery on",
            id="CKV_FIN_41",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=("AWS::DynamoDB::Table",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled"


check = DynamodbPointInTimeRecovery()
