"""WH-09: webhook_handler's role may `sqs:SendMessage` to the dead-letter queue its `DLQ_URL` names
and to no other queue, so an event it could not publish can always be parked (and only there)."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import Template, TemplateCheck, exact_grant
from policies.constants import HANDLER_DLQ_VARIABLE, WEBHOOK_HANDLER


class WebhookHandlerSendsOnlyToItsDlq(TemplateCheck):
    CLAIMS = ("WH-09",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure webhook_handler's role may send messages to its own dead-letter queue only",
            id="CKV_FIN_82",
            categories=(CheckCategories.IAM,),
            supported_resources=("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        return exact_grant(
            template,
            logical_id,
            handler=WEBHOOK_HANDLER,
            variable=HANDLER_DLQ_VARIABLE,
            resource_type="AWS::SQS::Queue",
            action="sqs:SendMessage",
        )


check = WebhookHandlerSendsOnlyToItsDlq()
