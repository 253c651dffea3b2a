"""MW-02 / MW-03: every log group is encrypted with a customer-managed KMS key (`KmsKeyId`)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.consts import ANY_VALUE
from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class LogGroupKmsEncrypted(ValueCheck):
    CLAIMS = ("MW-02", "MW-03")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every log group is encrypted with a customer-managed KMS key",
            id="CKV_FIN_5",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::Logs::LogGroup",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/KmsKeyId"

    def get_expected_value(self) -> Any:
        return ANY_VALUE


check = LogGroupKmsEncrypted()
