"""Delivery: SNS with exactly the two attributes, else the DLQ with the failure, else 503 (WH-07, WH-09)."""

from __future__ import annotations

import pytest
from botocore.stub import Stubber

from fintech_common.events import TransactionEvent
from tests.webhook_testkit import NOW, SIGNED_AT, canonical_body, stubbable_client
from webhook_handler.event import build_event
from webhook_handler.publish import DeliveryFailed, EventPublisher, dead_letter_attributes, message_attributes
from webhook_handler.validation import parse_body, validate_payload

TOPIC = "arn:aws:sns:eu-west-1:123456789012:payment_events"
DLQ = "https://sqs.eu-west-1.amazonaws.com/123456789012/webhook-handler-dlq"
EVENT: TransactionEvent = build_event(
    validate_payload(parse_body(canonical_body())), signed_at=SIGNED_AT, received_at=NOW
)
ATTRIBUTES = {
    "event_type": {"DataType": "String", "StringValue": "transaction.completed"},
    "status": {"DataType": "String", "StringValue": "completed"},
}


@pytest.fixture
def clients() -> tuple[object, object]:
    return stubbable_client("sns"), stubbable_client("sqs")


@pytest.mark.parametrize("status", ["pending", "completed", "failed"])
def test_the_attributes_are_event_type_and_status(status: str) -> None:
    body = canonical_body().replace(b'"completed"', f'"{status}"'.encode())
    event = build_event(validate_payload(parse_body(body)), signed_at=SIGNED_AT, received_at=NOW)
    assert message_attributes(event) == {
        "event_type": {"DataType": "String", "StringValue": f"transaction.{status}"},
        "status": {"DataType": "String", "StringValue": status},
    }


def test_dead_letter_attributes_add_the_failure() -> None:
    assert dead_letter_attributes(EVENT, "ThrottlingException") == {
        **ATTRIBUTES,
        "failure": {"DataType": "String", "StringValue": "ThrottlingException"},
    }


def test_an_event_is_published_with_exactly_the_expected_parameters(clients: tuple[object, object]) -> None:
    sns, sqs = clients
    with Stubber(sns) as sns_stub, Stubber(sqs) as sqs_stub:
        sns_stub.add_response(
            "publish",
            {"MessageId": "m1"},
            {"TopicArn": TOPIC, "Message": EVENT.to_json(), "MessageAttributes": ATTRIBUTES},
        )
        delivery = EventPublisher(sns=sns, sqs=sqs, topic_arn=TOPIC, dlq_url=DLQ).deliver(EVENT)
        sns_stub.assert_no_pending_responses()
        sqs_stub.assert_no_pending_responses()
    assert (delivery.dead_lettered, delivery.publish_error) == (False, None)


def test_a_failed_publish_goes_to_the_dlq_with_the_reason(clients: tuple[object, object]) -> None:
    sns, sqs = clients
    with Stubber(sns) as sns_stub, Stubber(sqs) as sqs_stub:
        sns_stub.add_client_error("publish", service_error_code="KMSThrottlingException")
        sqs_stub.add_response(
            "send_message",
            {"MessageId": "d1"},
            {
                "QueueUrl": DLQ,
                "MessageBody": EVENT.to_json(),
                "MessageAttributes": {
                    **ATTRIBUTES,
                    "failure": {"DataType": "String", "StringValue": "KMSThrottlingException"},
                },
            },
        )
        delivery = EventPublisher(sns=sns, sqs=sqs, topic_arn=TOPIC, dlq_url=DLQ).deliver(EVENT)
        sqs_stub.assert_no_pending_responses()
    assert (delivery.dead_lettered, delivery.publish_error) == (True, "KMSThrottlingException")


def test_a_failed_publish_and_dlq_write_is_a_delivery_failure(clients: tuple[object, object]) -> None:
    sns, sqs = clients
    with Stubber(sns) as sns_stub, Stubber(sqs) as sqs_stub:
        sns_stub.add_client_error("publish", service_error_code="InternalError")
        sqs_stub.add_client_error("send_message", service_error_code="KMS.KMSAccessDeniedException")
        with pytest.raises(DeliveryFailed) as raised:
            EventPublisher(sns=sns, sqs=sqs, topic_arn=TOPIC, dlq_url=DLQ).deliver(EVENT)
    assert (raised.value.publish_error, raised.value.dead_letter_error) == (
        "InternalError",
        "KMS.KMSAccessDeniedException",
    )
