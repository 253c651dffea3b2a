"""WH-09: every dead-letter queue of the webhook pipeline keeps its messages for
DLQ_RETENTION_DAYS (14 days, the SQS maximum), so an event answered 2xx that ends up in a DLQ is
not deleted by SQS before it is replayed (the default, 4 days, would lose it over a long weekend)."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import Template, TemplateCheck, as_number
from policies.constants import DLQ_RETENTION_DAYS, WEBHOOK_HANDLER

SECONDS_PER_DAY = 86_400


class DeadLetterQueueRetention(TemplateCheck):
    CLAIMS = ("WH-09",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure the webhook pipeline's dead-letter queues keep messages {DLQ_RETENTION_DAYS} days",
            id="CKV_FIN_83",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=("AWS::SQS::Queue",),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        if not template.functions(WEBHOOK_HANDLER) or logical_id not in template.dead_letter_queues():
            return CheckResult.UNKNOWN
        retention = as_number(template.properties(logical_id).get("MessageRetentionPeriod"))
        return CheckResult.PASSED if retention == DLQ_RETENTION_DAYS * SECONDS_PER_DAY else CheckResult.FAILED


check = DeadLetterQueueRetention()
