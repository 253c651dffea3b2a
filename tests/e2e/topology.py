"""Which consumer reads which subscription, and with which filter policy, from the template.

The pipeline is rebuilt in moto from what the synthesized `Webhook-dev` template says, never
from what the tests assume: `tests.template_queries` follows each consumer function to the queue
its event source mapping reads and to the SNS subscription delivering to that queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.template_queries import consumers, filter_policies, queue_for_function, subscription_for_queue

WEBHOOK_STACK = "Webhook-dev"


@dataclass(frozen=True)
class Subscription:
    consumer: str  # the handler package reading the subscribed queue
    filter_policy: dict[str, Any] | None
    filter_policy_scope: str | None
    raw_message_delivery: bool


def sqs_subscriptions(template: dict[str, Any]) -> list[Subscription]:
    """The SQS subscription of every consumer in the template, as moto should be given it."""
    policies = filter_policies(template)
    found = []
    for consumer, (function_id, _) in sorted(consumers(template).items()):
        queue_id, _ = queue_for_function(template, function_id)
        _, subscription = subscription_for_queue(template, queue_id)
        properties = subscription["Properties"]
        found.append(
            Subscription(
                consumer=consumer,
                filter_policy=policies[consumer],
                filter_policy_scope=properties.get("FilterPolicyScope"),
                raw_message_delivery=properties.get("RawMessageDelivery") in (True, "true"),
            )
        )
    return found
