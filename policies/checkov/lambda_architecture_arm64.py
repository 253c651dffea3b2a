"""MW-01: every Lambda function runs on arm64 (CloudFormation's default is x86_64)."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck
from policies.constants import LAMBDA_ARCHITECTURE


class LambdaArchitectureArm64(ValueCheck):
    CLAIMS = ("MW-01",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every Lambda function runs on {LAMBDA_ARCHITECTURE}",
            id="CKV_FIN_2",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::Lambda::Function",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/Architectures"

    def get_expected_value(self) -> str:
        return LAMBDA_ARCHITECTURE


check = LambdaArchitectureArm64()
