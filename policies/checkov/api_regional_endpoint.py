"""WH-01: every REST API is regional (CloudFormation's default is edge-optimized)."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class ApiRegionalEndpoint(ValueCheck):
    CLAIMS = ("WH-01",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every REST API has a REGIONAL endpoint",
            id="CKV_FIN_25",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("AWS::ApiGateway::RestApi",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/EndpointConfiguration/Types"

    def get_expected_value(self) -> str:
        return "REGIONAL"


check = ApiRegionalEndpoint()
