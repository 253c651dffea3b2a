"""MW-03: every customer-managed KMS key rotates its key material automatically."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class KmsKeyRotation(ValueCheck):
    CLAIMS = ("MW-03",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every KMS key has automatic rotation on",
            id="CKV_FIN_12",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::KMS::Key",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/EnableKeyRotation"


check = KmsKeyRotation()
