"""WH-05: every Lambda function has X-Ray active tracing, so a webhook is traced from the API
stage through the functions."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class LambdaActiveTracing(ValueCheck):
    CLAIMS = ("WH-05",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every Lambda function has X-Ray active tracing",
            id="CKV_FIN_33",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::Lambda::Function",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/TracingConfig/Mode"

    def get_expected_value(self) -> str:
        return "Active"


check = LambdaActiveTracing()
