"""WH-09: webhook_handler names its own dead-letter queue in `DLQ_URL`: a queue of its stack that
nothing else uses (no other queue, subscription or function sends failures there, and it is not a
work queue read by an event source or subscribed to a topic), so what it parks there stays apart
from every other failure and can be replayed to the topic."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import Template, TemplateCheck, clean, dig, json_value
from policies.constants import HANDLER_DLQ_VARIABLE, WEBHOOK_HANDLER


def other_uses(template: Template, function: str) -> set[str | None]:
    """The queues anything but `function` sends to or reads from."""
    used: set[str | None] = set()
    for logical_id in template.of_type("AWS::SQS::Queue", "AWS::SNS::Subscription"):
        redrive = clean(json_value(template.properties(logical_id).get("RedrivePolicy")))
        used.add(template.arn_target(redrive.get("deadLetterTargetArn")))
    for subscription in template.of_type("AWS::SNS::Subscription"):
        used.add(template.arn_target(template.properties(subscription).get("Endpoint")))
    for mapping in template.of_type("AWS::Lambda::EventSourceMapping"):
        used.add(template.arn_target(template.properties(mapping).get("EventSourceArn")))
    for other in template.of_type("AWS::Lambda::Function"):
        used.add(template.arn_target(dig(template.properties(other), "DeadLetterConfig", "TargetArn")))
        if other != function:
            used.add(template.target(template.variable(other, HANDLER_DLQ_VARIABLE), "AWS::SQS::Queue"))
    return used


class WebhookHandlerOwnDeadLetterQueue(TemplateCheck):
    CLAIMS = ("WH-09",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure webhook_handler names its own dead-letter queue in its environment",
            id="CKV_FIN_81",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::Lambda::Function",),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        if logical_id not in template.functions(WEBHOOK_HANDLER):
            return CheckResult.UNKNOWN
        value: Any = template.variable(logical_id, HANDLER_DLQ_VARIABLE)
        queue = template.target(value, "AWS::SQS::Queue", ("Ref", "QueueUrl"))
        if queue is None or queue in other_uses(template, logical_id):
            return CheckResult.FAILED
        return CheckResult.PASSED


check = WebhookHandlerOwnDeadLetterQueue()
