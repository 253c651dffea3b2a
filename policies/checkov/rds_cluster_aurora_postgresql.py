"""TX-03: every RDS cluster is Aurora PostgreSQL."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class RdsClusterAuroraPostgresql(ValueCheck):
    CLAIMS = ("TX-03",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every RDS cluster runs the aurora-postgresql engine",
            id="CKV_FIN_46",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::RDS::DBCluster",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/Engine"

    def get_expected_value(self) -> str:
        return "aurora-postgresql"


check = RdsClusterAuroraPostgresql()
