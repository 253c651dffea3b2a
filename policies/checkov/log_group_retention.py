"""MW-02: every CloudWatch Logs log group keeps its events exactly the project's retention."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck
from policies.constants import LOG_RETENTION_DAYS


class LogGroupRetention(ValueCheck):
    CLAIMS = ("MW-02",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every log group keeps its events exactly {LOG_RETENTION_DAYS} days",
            id="CKV_FIN_4",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::Logs::LogGroup",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/RetentionInDays"

    def get_expected_value(self) -> int:
        return LOG_RETENTION_DAYS


check = LogGroupRetention()
