"""MW-06 / WH-10: every DynamoDB table has deletion protection on."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class DynamodbDeletionProtection(ValueCheck):
    CLAIMS = ("MW-06", "WH-10")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every DynamoDB table has deletion protection on",
            id="CKV_FIN_20",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=("AWS::DynamoDB::Table",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/DeletionProtectionEnabled"


check = DynamodbDeletionProtection()
