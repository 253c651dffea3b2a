"""The payment-events topic and one encrypted queue per consumer (WH-07, WH-08).

"A message is retried 3 times" is realised by SQS between SNS and each consumer: the queue moves a
message to its DLQ after `MAX_RECEIVE_COUNT` receives. Each SNS subscription has its own DLQ for
deliveries SNS itself could not make (e.g. the queue's key unusable).
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from stacks.defaults import dead_letter_queue, queue, topic


class PaymentEventsTopic(Construct):
    """SNS topic `payment_events`: KMS-encrypted and TLS-only."""

    def __init__(self, scope: Construct, construct_id: str, *, encryption_key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self.topic = topic(self, "Topic", encryption_key=encryption_key, display_name="payment_events")


class ConsumerQueue(Construct):
    """A consumer's queue subscribed to the topic (raw delivery), its DLQ and its subscription's DLQ.

    `statuses` restricts the subscription to events whose `status` message attribute is one of them;
    `None` subscribes to every event.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        topic: sns.ITopic,
        encryption_key: kms.IKey,
        visibility_timeout: Duration,
        statuses: Sequence[str] | None,
    ) -> None:
        super().__init__(scope, construct_id)
        self.dead_letter_queue = dead_letter_queue(
            self,
            "DeadLetterQueue",
            encryption_key=encryption_key,
            fed_by=f"the {construct_id}",
            fed_by_queue=True,
        )
        self.queue = queue(
            self,
            "Queue",
            encryption_key=encryption_key,
            visibility_timeout=visibility_timeout,
            dead_letter_queue=self.dead_letter_queue,
        )
        self.subscription_dead_letter_queue = dead_letter_queue(
            self,
            "SubscriptionDeadLetterQueue",
            encryption_key=encryption_key,
            fed_by=f"the SNS subscription of the {construct_id}",
            fed_by_queue=False,
        )
        filter_policy = (
            None
            if statuses is None
            else {"status": sns.SubscriptionFilter.string_filter(allowlist=list(statuses))}
        )
        topic.add_subscription(
            subscriptions.SqsSubscription(
                self.queue,
                raw_message_delivery=True,
                filter_policy=filter_policy,
                dead_letter_queue=self.subscription_dead_letter_queue,
            )
        )
