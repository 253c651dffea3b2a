"""Properties of the webhook pipeline, driven by hypothesis against one in-process moto account.

The webhook goes through the real handler code, SNS (moto) delivers it raw to an SQS queue, and
the message is then handed to both consumers, which write to moto DynamoDB tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import boto3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_logger import runtime as audit_runtime
from audit_logger import service as audit_service
from fintech_common.currencies import MINOR_UNITS
from fintech_common.money import format_amount
from tests.webhook_signing import sign
from tests.webhook_testkit import (
    NOW,
    SECRET,
    SIGNED_AT,
    Payload,
    api_gateway_event,
    card_numbers,
    create_table,
    json_values,
    nest_at,
    response_body,
    safe_json,
    safe_text,
    signed_event,
    sqs_event,
    valid_payloads,
)
from transaction_processor import runtime as processor_runtime
from transaction_processor import service as processor_service
from webhook_handler.event import build_event
from webhook_handler.runtime import build_dependencies
from webhook_handler.service import Dependencies, handle_webhook
from webhook_handler.validation import parse_body, validate_payload

ALL_CURRENCIES = st.sampled_from(sorted(MINOR_UNITS))

# The two properties that run the whole pipeline make 10 to 20 calls to in-process moto per
# example (about 7 ms each); they run a quarter of the profile's examples (50 by default,
# 5 000 under HYPOTHESIS_PROFILE=fuzz) so the unit suite stays under a minute.
WHOLE_PIPELINE = settings(max_examples=max(25, settings().max_examples // 4))


@dataclass
class Pipeline:
    webhook: Dependencies
    processor: processor_service.Dependencies
    auditor: audit_service.Dependencies
    sqs: Any
    dynamodb: Any
    queue: str

    def drain(self) -> list[dict[str, Any]]:
        """Every message SNS delivered to the subscription queue since the last drain."""
        messages: list[dict[str, Any]] = []
        while batch := self.sqs.receive_message(QueueUrl=self.queue, MaxNumberOfMessages=10).get(
            "Messages", []
        ):
            messages.extend(batch)
            self.sqs.delete_message_batch(
                QueueUrl=self.queue,
                Entries=[{"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(batch)],
            )
        return messages

    def clear_tables(self) -> None:
        for table, key in (("transactions", "transaction_id"), ("audit_logs", "event_id")):
            for item in self.dynamodb.scan(TableName=table)["Items"]:
                self.dynamodb.delete_item(
                    TableName=table, Key={key: item[key], "timestamp": item["timestamp"]}
                )

    def rows(self, table: str) -> list[dict[str, Any]]:
        return list(self.dynamodb.scan(TableName=table)["Items"])


@pytest.fixture(scope="module")
def pipeline(module_aws: None) -> Iterator[Pipeline]:
    secret_arn = boto3.client("secretsmanager").create_secret(Name="webhook-signing", SecretString=SECRET)[
        "ARN"
    ]
    sns, sqs, dynamodb = boto3.client("sns"), boto3.client("sqs"), boto3.client("dynamodb")
    topic = sns.create_topic(Name="payment_events")["TopicArn"]
    queue = sqs.create_queue(QueueName="consumer-queue")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"}
    )
    dlq = sqs.create_queue(QueueName="webhook-handler-dlq")["QueueUrl"]
    create_table(dynamodb, "transactions", partition_key="transaction_id")
    create_table(dynamodb, "audit_logs", partition_key="event_id")
    environment = {
        "TOPIC_ARN": topic,
        "DLQ_URL": dlq,
        "SIGNING_SECRET_ARN": secret_arn,
        "METRICS_NAMESPACE": "FinTech/Payments",
        "ENVIRONMENT": "test",
        "TRANSACTIONS_TABLE": "transactions",
        "AUDIT_TABLE": "audit_logs",
    }
    yield Pipeline(
        webhook=replace(build_dependencies(environment), clock=lambda: NOW),
        processor=processor_runtime.build_dependencies(environment),
        auditor=audit_runtime.build_dependencies(environment),
        sqs=sqs,
        dynamodb=dynamodb,
        queue=queue,
    )


def status_of(pipeline: Pipeline, event: dict[str, Any]) -> int:
    status: int = handle_webhook(event, pipeline.webhook)["statusCode"]
    if status == 202:
        pipeline.drain()
    return status


# --- nothing a sender can send produces a 5xx ----------------------------------------------------


@given(value=json_values)
def test_any_json_body_validly_signed_is_answered_without_a_5xx(pipeline: Pipeline, value: Any) -> None:
    assert status_of(pipeline, signed_event(json.dumps(value).encode())) in {202, 400, 413}


def json_text(value: Any) -> str:
    """JSON with Decimals written as bare numbers (NaN and Infinity included, which must be refused)."""
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value)


@given(
    fields=st.fixed_dictionaries(
        {
            "transaction_id": json_values,
            "amount": json_values | st.decimals(),
            "currency": json_values | ALL_CURRENCIES,
            "status": json_values | st.sampled_from(["pending", "completed", "failed"]),
        }
    )
)
def test_any_field_values_validly_signed_are_answered_without_a_5xx(
    pipeline: Pipeline, fields: dict[str, Any]
) -> None:
    body = "{" + ", ".join(f"{json.dumps(name)}: {json_text(value)}" for name, value in fields.items()) + "}"
    assert status_of(pipeline, signed_event(body.encode())) in {202, 400}


@given(body=st.binary(max_size=2048))
def test_any_bytes_validly_signed_as_base64_are_answered_without_a_5xx(
    pipeline: Pipeline, body: bytes
) -> None:
    assert status_of(pipeline, signed_event(body, base64_encoded=True)) in {202, 400}


@given(body=st.text(max_size=2048))
def test_any_text_validly_signed_is_answered_without_a_5xx(pipeline: Pipeline, body: str) -> None:
    raw = body.encode("utf-8", "surrogatepass")
    event = {**api_gateway_event(None, signature=sign(SECRET, raw, SIGNED_AT)), "body": body}
    assert status_of(pipeline, event) in {202, 400}


@given(payload=valid_payloads(ALL_CURRENCIES), header=st.none() | st.text(max_size=300), name=safe_text)
def test_a_request_without_a_valid_signature_is_always_a_401(
    pipeline: Pipeline, payload: Payload, header: str | None, name: str
) -> None:
    event = api_gateway_event(payload.body, signature=header)
    event["headers"][f"X-Other-{name}"] = sign(
        SECRET, payload.body, SIGNED_AT
    )  # a valid value under another name
    assert status_of(pipeline, event) == 401


# --- valid webhooks arrive intact ----------------------------------------------------------------


@WHOLE_PIPELINE
@given(payload=valid_payloads(ALL_CURRENCIES))
def test_a_valid_webhook_reaches_both_tables_with_the_amount_intact(
    pipeline: Pipeline, payload: Payload
) -> None:
    pipeline.clear_tables()
    # GIVEN a valid webhook in any currency, with an amount at that currency's precision
    expected_text = format_amount(payload.amount)
    # WHEN it is accepted, published through SNS and consumed
    response = handle_webhook(signed_event(payload.body), pipeline.webhook)
    assert response["statusCode"] == 202
    (message,) = pipeline.drain()
    batch = sqs_event(message["Body"])
    assert processor_service.handle_batch(batch, pipeline.processor) == {"batchItemFailures": []}
    assert audit_service.handle_batch(batch, pipeline.auditor) == {"batchItemFailures": []}
    # THEN the amount is intact to the last digit in the event, the transaction row and the audit entry
    event = json.loads(message["Body"])
    assert event["event_id"] == response_body(response)["event_id"]
    assert event["transaction"]["amount"] == expected_text
    assert Decimal(event["transaction"]["amount"]) == payload.amount
    (row,) = pipeline.rows("transactions")
    (entry,) = pipeline.rows("audit_logs")
    assert row["amount"]["N"] == entry["amount"]["N"] == expected_text
    assert (row["transaction_id"]["S"], row["currency"]["S"], row["status"]["S"]) == (
        payload.transaction_id,
        payload.currency,
        payload.status,
    )
    assert entry["event"]["S"] == message["Body"]


@given(payload=valid_payloads(ALL_CURRENCIES))
def test_a_valid_payload_becomes_an_event_with_the_amount_at_its_currencys_precision(
    payload: Payload,
) -> None:
    event = build_event(validate_payload(parse_body(payload.body)), signed_at=SIGNED_AT, received_at=NOW)
    assert event.transaction.amount == payload.amount
    assert event.transaction.amount_text == format_amount(payload.amount)
    assert len(event.transaction.amount_text.partition(".")[2]) == MINOR_UNITS[payload.currency]


@pytest.mark.parametrize("currency", sorted(MINOR_UNITS))
def test_every_currency_accepts_its_smallest_and_largest_amounts(currency: str) -> None:
    places = MINOR_UNITS[currency]
    smallest, largest = Decimal(1).scaleb(-places), Decimal("999999999999")
    for amount in (smallest, largest, largest - smallest):
        body = (
            f'{{"transaction_id": "t1", "amount": {amount}, "currency": "{currency}", "status": "pending"}}'
        )
        event = build_event(validate_payload(parse_body(body.encode())), signed_at=SIGNED_AT, received_at=NOW)
        assert Decimal(event.transaction.amount_text) == amount


# --- signatures ----------------------------------------------------------------------------------


@given(payload=valid_payloads(ALL_CURRENCIES), skew=st.integers(-298, 300))
def test_a_valid_signature_within_the_window_is_accepted(
    pipeline: Pipeline, payload: Payload, skew: int
) -> None:
    # the server's clock reads SIGNED_AT + 1.25 s: these signature times are all within 300 s of it
    assert status_of(pipeline, signed_event(payload.body, timestamp=SIGNED_AT + skew)) == 202


@st.composite
def tampered(draw: st.DrawFn, payload: Payload) -> dict[str, Any]:
    """A validly signed request with one of body, timestamp or signature changed afterwards."""
    signature = sign(SECRET, payload.body, SIGNED_AT)
    target = draw(st.sampled_from(["body", "timestamp", "signature"]))
    if target == "body":
        body = bytearray(payload.body)
        body[draw(st.integers(0, len(body) - 1))] ^= draw(st.sampled_from([0x01, 0x20]))
        return api_gateway_event(bytes(body), signature=signature, base64_encoded=True)
    if target == "timestamp":
        shift = draw(st.integers(-250, 250).filter(lambda n: n != 0))
        return api_gateway_event(
            payload.body, signature=signature.replace(f"t={SIGNED_AT}", f"t={SIGNED_AT + shift}")
        )
    position = draw(st.integers(0, 63))
    hex_digits = list(signature.split("v1=")[1])
    hex_digits[position] = draw(
        st.sampled_from("0123456789abcdef").filter(lambda c: c != hex_digits[position])
    )
    return api_gateway_event(payload.body, signature=f"t={SIGNED_AT},v1={''.join(hex_digits)}")


@given(data=st.data(), payload=valid_payloads(ALL_CURRENCIES))
def test_any_change_to_body_timestamp_or_signature_is_a_401(
    pipeline: Pipeline, data: st.DataObject, payload: Payload
) -> None:
    assert status_of(pipeline, data.draw(tampered(payload))) == 401


# --- card numbers --------------------------------------------------------------------------------

segments = st.lists(safe_text.map(lambda key: f"k_{key}") | st.integers(0, 2), max_size=4)


@given(
    payload=valid_payloads(ALL_CURRENCIES),
    card=card_numbers(),
    path=segments,
    filler=safe_json,
    form=st.sampled_from(["text", "embedded", "number", "key"]),
)
def test_a_card_number_anywhere_is_refused_with_its_path(
    pipeline: Pipeline, payload: Payload, card: str, path: list[Any], filler: Any, form: str
) -> None:
    # GIVEN a valid payload carrying a card number somewhere under an extra field
    digits = card.replace(" ", "").replace("-", "")
    leaf = {"text": card, "embedded": f"ref {card} end", "number": int(digits), "key": {card: "x"}}[form]
    value, expected = nest_at(["zz_extra", *path], leaf, filler)
    body = payload.body[:-1] + b', "zz_extra": ' + json.dumps(value["zz_extra"]).encode() + b"}"
    # WHEN it is sent, validly signed
    response = handle_webhook(signed_event(body), pipeline.webhook)
    # THEN it is refused, naming where the card number is, and nothing is published
    assert response["statusCode"] == 400
    assert response_body(response)["error"] == "card_number"
    assert response_body(response)["field"] == (f"{expected}.<key>" if form == "key" else expected)
    assert digits not in response["body"]
    assert pipeline.drain() == []


# --- idempotency ---------------------------------------------------------------------------------


@given(payload=valid_payloads(ALL_CURRENCIES), delay=st.floats(0, 3600), resent_after=st.integers(1, 298))
def test_the_same_webhook_twice_is_the_same_event(payload: Payload, delay: float, resent_after: int) -> None:
    # GIVEN one webhook, received twice: the second time later, and signed again unless created_at dates it
    validated = validate_payload(parse_body(payload.body))
    first = build_event(validated, signed_at=SIGNED_AT, received_at=NOW)
    resigned_at = SIGNED_AT + resent_after if payload.timestamp is not None else SIGNED_AT
    second = build_event(validated, signed_at=resigned_at, received_at=NOW + delay)
    # THEN both are the same event: same id, same event time, same row key
    assert (first.event_id, first.timestamp) == (second.event_id, second.timestamp)


@WHOLE_PIPELINE
@given(payload=valid_payloads(ALL_CURRENCIES))
def test_the_same_webhook_twice_yields_one_row_and_one_audit_entry(
    pipeline: Pipeline, payload: Payload
) -> None:
    pipeline.clear_tables()
    # GIVEN the same webhook accepted twice (two messages on the queue)
    first = handle_webhook(signed_event(payload.body), pipeline.webhook)
    second = handle_webhook(signed_event(payload.body), pipeline.webhook)
    bodies = [message["Body"] for message in pipeline.drain()]
    # WHEN both messages are consumed, the first of them delivered twice
    processor_service.handle_batch(sqs_event(*bodies, bodies[0]), pipeline.processor)
    audit_service.handle_batch(sqs_event(*bodies, bodies[0]), pipeline.auditor)
    # THEN there is one transaction row and one audit entry
    assert response_body(first)["event_id"] == response_body(second)["event_id"]
    assert len(bodies) == 2
    assert len(pipeline.rows("transactions")) == len(pipeline.rows("audit_logs")) == 1
