"""MW-06 / WH-10: tables, database clusters, KMS keys, secrets and buckets survive stack deletion
and replacement (`DeletionPolicy` and `UpdateReplacePolicy` Retain)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import TemplateAttributeCheck

RETAINED_ON_DELETE = ("Retain", "RetainExceptOnCreate")  # the latter only skips a failed creation
STATEFUL_TYPES = (
    "AWS::DynamoDB::Table",
    "AWS::RDS::DBCluster",
    "AWS::KMS::Key",
    "AWS::SecretsManager::Secret",
    "AWS::S3::Bucket",
)


class StatefulResourceRetained(TemplateAttributeCheck):
    CLAIMS = ("MW-06", "WH-10")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure stateful resources have DeletionPolicy and UpdateReplacePolicy Retain",
            id="CKV_FIN_19",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=STATEFUL_TYPES,
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        deletion = self.template_attribute(conf, "DeletionPolicy")
        replacement = self.template_attribute(conf, "UpdateReplacePolicy")
        if deletion in RETAINED_ON_DELETE and replacement == "Retain":
            return CheckResult.PASSED
        return CheckResult.FAILED


check = StatefulResourceRetained()
