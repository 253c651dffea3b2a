"""The event an accepted webhook becomes: timestamp, deterministic id, exact payload (WH-13)."""

from __future__ import annotations

import json

from tests.webhook_testkit import NOW, SIGNED_AT, canonical_body
from webhook_handler.event import build_event, event_timestamp
from webhook_handler.validation import WebhookPayload, parse_body, validate_payload


def payload_of(body: bytes) -> WebhookPayload:
    return validate_payload(parse_body(body))


def test_the_timestamp_is_created_at_when_given() -> None:
    assert event_timestamp("2026-11-23T09:59:00Z", SIGNED_AT) == "2026-11-23T09:59:00Z"


def test_the_timestamp_is_the_signature_time_otherwise() -> None:
    assert event_timestamp(None, SIGNED_AT) == "2026-11-23T10:00:00Z"


def test_the_same_webhook_received_twice_is_the_same_event() -> None:
    # GIVEN one webhook, delivered twice a minute apart (received_at differs)
    payload = payload_of(canonical_body())
    first = build_event(payload, signed_at=SIGNED_AT, received_at=NOW)
    second = build_event(payload, signed_at=SIGNED_AT, received_at=NOW + 60)
    # THEN both deliveries are the same event
    assert (first.event_id, first.timestamp) == (second.event_id, second.timestamp)
    assert first.received_at != second.received_at


def test_a_resend_signed_later_is_the_same_event_when_created_at_is_given() -> None:
    payload = payload_of(canonical_body())
    first = build_event(payload, signed_at=SIGNED_AT, received_at=NOW)
    resent = build_event(payload, signed_at=SIGNED_AT + 3600, received_at=NOW + 3600)
    assert first.event_id == resent.event_id


def test_the_same_amount_written_differently_is_the_same_event() -> None:
    plain = payload_of(b'{"transaction_id": "t1", "amount": 10.5, "currency": "USD", "status": "pending"}')
    padded = payload_of(
        b'{"transaction_id": "t1", "amount": 1.0500E+1, "currency": "USD", "status": "pending"}'
    )
    assert (
        build_event(plain, signed_at=SIGNED_AT, received_at=NOW).event_id
        == build_event(padded, signed_at=SIGNED_AT, received_at=NOW).event_id
    )


def test_the_event_carries_the_payload_with_numbers_as_written() -> None:
    event = build_event(payload_of(canonical_body()), signed_at=SIGNED_AT, received_at=NOW)
    assert '"payload":{"transaction_id":"txn_20261123_0001","amount":125.50,' in event.to_json()


def test_the_event_json_has_the_contracts_shape() -> None:
    event = json.loads(
        build_event(payload_of(canonical_body()), signed_at=SIGNED_AT, received_at=NOW).to_json()
    )
    assert list(event) == ["event_id", "event_type", "timestamp", "received_at", "transaction", "payload"]
    assert event["event_type"] == "transaction.completed"
    assert event["received_at"] == "2026-11-23T10:00:01.250Z"
    assert event["transaction"] == {
        "transaction_id": "txn_20261123_0001",
        "amount": "125.50",
        "currency": "EUR",
        "status": "completed",
    }
