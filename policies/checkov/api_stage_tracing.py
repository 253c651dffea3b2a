"""WH-05: every API stage has X-Ray tracing on."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class ApiStageTracing(ValueCheck):
    CLAIMS = ("WH-05",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every API stage has X-Ray tracing on",
            id="CKV_FIN_30",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::ApiGateway::Stage",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/TracingEnabled"


check = ApiStageTracing()
