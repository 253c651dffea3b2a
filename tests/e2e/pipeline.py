"""The webhook pipeline's resources, created in moto from the contract and the template.

Each test builds its own `Pipeline` (names carry a unique suffix) in the shared moto server, so
tests never see each other's messages or rows. Keys are those of WH-10, redrive counts come
from `policies.constants`, subscriptions (queue, raw delivery, filter policy) from the
synthesized template (see `topology`).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer

from policies.constants import MAX_RECEIVE_COUNT, METRICS_NAMESPACE
from tests.e2e.topology import Subscription

CONSUMERS = ("transaction_processor", "audit_logger")
_DESERIALIZER = TypeDeserializer()


@dataclass(frozen=True)
class Queue:
    url: str
    arn: str


@dataclass(frozen=True)
class ConsumerQueues:
    queue: Queue
    dead_letter_queue: Queue


@dataclass(frozen=True)
class Pipeline:
    suffix: str
    topic_arn: str
    handler_dlq: Queue
    consumers: dict[str, ConsumerQueues]  # by handler package
    transactions_table: str
    audit_table: str
    secret_arn: str
    secret: str

    def environment(self) -> dict[str, str]:
        """Every function's environment variables (the contract's table), pointing here."""
        return {
            "TOPIC_ARN": self.topic_arn,
            "DLQ_URL": self.handler_dlq.url,
            "SIGNING_SECRET_ARN": self.secret_arn,
            "TRANSACTIONS_TABLE": self.transactions_table,
            "AUDIT_TABLE": self.audit_table,
            "METRICS_NAMESPACE": METRICS_NAMESPACE,
            "ENVIRONMENT": "e2e",
        }


@dataclass(frozen=True)
class Aws:
    """The test's own clients on moto (never the handlers' clients)."""

    sns: Any
    sqs: Any
    dynamodb: Any
    secretsmanager: Any


def _queue(aws: Aws, name: str, attributes: dict[str, str] | None = None) -> Queue:
    url = aws.sqs.create_queue(QueueName=name, Attributes=attributes or {})["QueueUrl"]
    arn = aws.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return Queue(url=url, arn=arn)


def _table(aws: Aws, name: str, partition_key: str) -> str:
    aws.dynamodb.create_table(
        TableName=name,
        KeySchema=[
            {"AttributeName": partition_key, "KeyType": "HASH"},
            {"AttributeName": "timestamp", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": partition_key, "AttributeType": "S"},
            {"AttributeName": "timestamp", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return name


def _consumer_queues(aws: Aws, consumer: str, suffix: str) -> ConsumerQueues:
    dead_letter_queue = _queue(aws, f"{consumer}-dlq-{suffix}")
    redrive = {"deadLetterTargetArn": dead_letter_queue.arn, "maxReceiveCount": MAX_RECEIVE_COUNT}
    queue = _queue(aws, f"{consumer}-{suffix}", {"RedrivePolicy": json.dumps(redrive)})
    return ConsumerQueues(queue=queue, dead_letter_queue=dead_letter_queue)


def _subscribe(aws: Aws, topic_arn: str, queue: Queue, subscription: Subscription) -> None:
    attributes = {"RawMessageDelivery": str(subscription.raw_message_delivery).lower()}
    if subscription.filter_policy is not None:
        attributes["FilterPolicy"] = json.dumps(subscription.filter_policy)
    if subscription.filter_policy_scope is not None:
        attributes["FilterPolicyScope"] = subscription.filter_policy_scope
    aws.sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue.arn, Attributes=attributes)


def create_pipeline(aws: Aws, subscriptions: Iterable[Subscription]) -> Pipeline:
    suffix = secrets.token_hex(4)
    consumers = {consumer: _consumer_queues(aws, consumer, suffix) for consumer in CONSUMERS}
    topic_arn = aws.sns.create_topic(Name=f"payment_events-{suffix}")["TopicArn"]
    for subscription in subscriptions:
        _subscribe(aws, topic_arn, consumers[subscription.consumer].queue, subscription)
    secret = secrets.token_urlsafe(32)
    secret_arn = aws.secretsmanager.create_secret(Name=f"webhook-signing-{suffix}", SecretString=secret)[
        "ARN"
    ]
    return Pipeline(
        suffix=suffix,
        topic_arn=topic_arn,
        handler_dlq=_queue(aws, f"webhook_handler-dlq-{suffix}"),
        consumers=consumers,
        transactions_table=_table(aws, f"transactions-{suffix}", "transaction_id"),
        audit_table=_table(aws, f"audit_logs-{suffix}", "event_id"),
        secret_arn=secret_arn,
        secret=secret,
    )


def scan(aws: Aws, table: str) -> list[dict[str, Any]]:
    """Every item of a table as Python values (numbers as Decimal)."""
    items: list[dict[str, Any]] = []
    for page in aws.dynamodb.get_paginator("scan").paginate(TableName=table):
        items.extend(
            {name: _DESERIALIZER.deserialize(value) for name, value in item.items()} for item in page["Items"]
        )
    return items


def queue_depth(aws: Aws, queue: Queue) -> int:
    """Messages in the queue, visible or in flight."""
    attributes = aws.sqs.get_queue_attributes(
        QueueUrl=queue.url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def as_decimal(value: Any) -> Decimal:
    assert isinstance(value, Decimal), f"expected a DynamoDB number, got {value!r}"
    return value
