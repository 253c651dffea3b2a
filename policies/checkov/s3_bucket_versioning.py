"""TX-05: every S3 bucket is versioned."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class S3BucketVersioning(ValueCheck):
    CLAIMS = ("TX-05",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every S3 bucket has versioning enabled",
            id="CKV_FIN_51",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=("AWS::S3::Bucket",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/VersioningConfiguration/Status"

    def get_expected_value(self) -> str:
        return "Enabled"


check = S3BucketVersioning()
