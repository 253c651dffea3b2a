"""WH-14: the `audit_logs` table has no time-to-live: DynamoDB never expires an audit entry, so the
table is the audit trail kept at least AUDIT_RETENTION_MONTHS (PCI DSS 10.5.1)."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import Template, TemplateCheck, clean, is_true
from policies.constants import AUDIT_LOGGER, AUDIT_TABLE_VARIABLE


class AuditLogNoTtl(TemplateCheck):
    CLAIMS = ("WH-14",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure the audit log table has no time-to-live",
            id="CKV_FIN_91",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=("AWS::DynamoDB::Table",),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        if logical_id not in template.named_by(AUDIT_LOGGER, AUDIT_TABLE_VARIABLE, "AWS::DynamoDB::Table"):
            return CheckResult.UNKNOWN
        ttl = clean(template.properties(logical_id).get("TimeToLiveSpecification"))
        return CheckResult.FAILED if is_true(ttl.get("Enabled")) else CheckResult.PASSED


check = AuditLogNoTtl()
