"""MW-01: every Lambda function runs the project's Python runtime."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck
from policies.constants import LAMBDA_RUNTIME


class LambdaRuntimePython311(ValueCheck):
    CLAIMS = ("MW-01",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every Lambda function runs {LAMBDA_RUNTIME}",
            id="CKV_FIN_1",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::Lambda::Function",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/Runtime"

    def get_expected_value(self) -> str:
        return LAMBDA_RUNTIME


check = LambdaRuntimePython311()
