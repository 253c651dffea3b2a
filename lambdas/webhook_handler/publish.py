"""Delivery of an accepted event: SNS, else the function's DLQ, else failure (WH-07, WH-09).

The caller answers 202 after `deliver` returns (published or dead-lettered: either way the
event is stored) and 503 when it raises DeliveryFailed, so nothing answered 2xx is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fintech_common.aws import error_code
from fintech_common.events import TransactionEvent

MessageAttributes = dict[str, dict[str, str]]


class DeliveryFailed(Exception):
    """Neither the publish nor the DLQ write succeeded; the codes say why."""

    def __init__(self, *, publish_error: str, dead_letter_error: str) -> None:
        super().__init__(f"publish failed ({publish_error}), DLQ write failed ({dead_letter_error})")
        self.publish_error = publish_error
        self.dead_letter_error = dead_letter_error


@dataclass(frozen=True, slots=True)
class Delivery:
    dead_lettered: bool
    publish_error: str | None = None


def _string(value: str) -> dict[str, str]:
    return {"DataType": "String", "StringValue": value}


def message_attributes(event: TransactionEvent) -> MessageAttributes:
    """`event_type` and `status`: what the subscriptions' filter policies match on."""
    return {"event_type": _string(event.event_type), "status": _string(event.transaction.status)}


def dead_letter_attributes(event: TransactionEvent, failure: str) -> MessageAttributes:
    """The publish attributes plus `failure`: why the event is in the DLQ (dropped on replay)."""
    return {**message_attributes(event), "failure": _string(failure)}


@dataclass(frozen=True, slots=True)
class EventPublisher:
    sns: Any
    sqs: Any
    topic_arn: str
    dlq_url: str

    def deliver(self, event: TransactionEvent) -> Delivery:
        """Publish to the topic; on failure write to the DLQ; DeliveryFailed if both fail."""
        body = event.to_json()
        try:
            self.sns.publish(
                TopicArn=self.topic_arn, Message=body, MessageAttributes=message_attributes(event)
            )
        except Exception as exc:
            publish_error = error_code(exc)
        else:
            return Delivery(dead_lettered=False)
        try:
            self.sqs.send_message(
                QueueUrl=self.dlq_url,
                MessageBody=body,
                MessageAttributes=dead_letter_attributes(event, publish_error),
            )
        except Exception as exc:
            raise DeliveryFailed(publish_error=publish_error, dead_letter_error=error_code(exc)) from None
        return Delivery(dead_lettered=True, publish_error=publish_error)
