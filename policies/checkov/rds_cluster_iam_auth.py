"""TX-03: every RDS cluster has IAM database authentication on."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class RdsClusterIamAuth(ValueCheck):
    CLAIMS = ("TX-03",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every RDS cluster has IAM database authentication on",
            id="CKV_FIN_48",
            categories=(CheckCategories.IAM,),
            supported_resources=("AWS::RDS::DBCluster",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/EnableIAMDatabaseAuthentication"


check = RdsClusterIamAuth()
