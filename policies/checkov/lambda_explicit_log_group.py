"""MW-02: every Lambda function logs to an explicit log group, never to the implicit
`/aws/lambda/<name>` group Lambda would create without retention."""

from __future__ import annotations

from typing import Any

from checkov.common.models.consts import ANY_VALUE
from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class LambdaExplicitLogGroup(ValueCheck):
    CLAIMS = ("MW-02",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every Lambda function logs to an explicit log group (LoggingConfig.LogGroup)",
            id="CKV_FIN_6",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::Lambda::Function",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/LoggingConfig/LogGroup"

    def get_expected_value(self) -> Any:
        return ANY_VALUE


check = LambdaExplicitLogGroup()
