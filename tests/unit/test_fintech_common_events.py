"""The transaction event: deterministic id, exact wire form, strict reading by the consumers."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

import pytest

from fintech_common.events import EventError, TransactionEvent, compute_event_id, event_from_json, new_event
from fintech_common.transaction import Transaction, read_transaction
from tests.conftest import load_event

TRANSACTION = Transaction(transaction_id="txn_1", amount=Decimal("10.50"), currency="EUR", status="completed")
TIMESTAMP = "2026-11-23T10:00:00Z"


def canonical_bodies() -> list[str]:
    return [record["body"] for record in load_event("sqs_transaction_events")["Records"]]


def reference_event_id(transaction_id: str, status: str, amount: str, currency: str, timestamp: str) -> str:
    identity = {
        "transaction_id": transaction_id,
        "status": status,
        "amount": amount,
        "currency": currency,
        "timestamp": timestamp,
    }
    canonical = json.dumps(identity, sort_keys=True, separators=(",", ":"))
    return "evt_" + hashlib.sha256(canonical.encode()).hexdigest()[:32]


def test_the_event_id_is_the_hash_the_contract_defines() -> None:
    expected = reference_event_id("txn_1", "completed", "10.50", "EUR", TIMESTAMP)
    assert compute_event_id(TRANSACTION, TIMESTAMP) == expected


@pytest.mark.parametrize("amount", ["10.5", "10.50", "10.500", "1.05E+1"])
def test_equal_amounts_written_differently_give_the_same_id(amount: str) -> None:
    fields = {"transaction_id": "txn_1", "amount": Decimal(amount), "currency": "EUR", "status": "completed"}
    assert compute_event_id(read_transaction(fields), TIMESTAMP) == compute_event_id(TRANSACTION, TIMESTAMP)


@pytest.mark.parametrize(
    "change",
    [{"transaction_id": "txn_2"}, {"amount": Decimal("10.51")}, {"currency": "USD"}, {"status": "pending"}],
)
def test_every_identity_field_changes_the_id(change: dict[str, Any]) -> None:
    fields = {"transaction_id": "txn_1", "amount": Decimal("10.50"), "currency": "EUR", "status": "completed"}
    changed = Transaction(**{**fields, **change})
    assert compute_event_id(changed, TIMESTAMP) != compute_event_id(TRANSACTION, TIMESTAMP)


def test_the_timestamp_changes_the_id() -> None:
    assert compute_event_id(TRANSACTION, "2026-11-23T10:00:01Z") != compute_event_id(TRANSACTION, TIMESTAMP)


def test_received_at_and_payload_do_not_change_the_id() -> None:
    first = new_event(TRANSACTION, timestamp=TIMESTAMP, received_at="2026-11-23T10:00:01.000Z", payload={})
    second = new_event(
        TRANSACTION, timestamp=TIMESTAMP, received_at="2026-11-23T10:05:00.000Z", payload={"x": "y"}
    )
    assert first.event_id == second.event_id


def test_the_wire_form_has_the_contracts_fields_and_the_amount_as_text() -> None:
    event = new_event(TRANSACTION, timestamp=TIMESTAMP, received_at="2026-11-23T10:00:01.000Z", payload={})
    assert json.loads(event.to_json()) == {
        "event_id": event.event_id,
        "event_type": "transaction.completed",
        "timestamp": TIMESTAMP,
        "received_at": "2026-11-23T10:00:01.000Z",
        "transaction": {
            "transaction_id": "txn_1",
            "amount": "10.50",
            "currency": "EUR",
            "status": "completed",
        },
        "payload": {},
    }


@pytest.mark.parametrize("body", canonical_bodies())
def test_a_published_event_reads_back_unchanged(body: str) -> None:
    assert event_from_json(body).to_json() == body


def test_payload_numbers_survive_to_the_last_digit() -> None:
    event = event_from_json(canonical_bodies()[0])
    assert isinstance(event, TransactionEvent)
    assert str(event.payload["amount"]) == "125.50"


def _tampered(
    change: dict[str, Any], *, transaction: dict[str, Any] | None = None, drop: str | None = None
) -> str:
    document = json.loads(canonical_bodies()[0])
    document.update(change)
    document["transaction"].update(transaction or {})
    if drop:
        del document[drop]
    return json.dumps(document)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("not json", "not strict JSON"),
        ("[]", "not a JSON object"),
        (_tampered({}, drop="transaction"), "transaction is missing"),
        (
            _tampered({}, transaction={"amount": 125.5}),
            "transaction.amount: must be a fixed-point decimal string",
        ),
        (_tampered({}, transaction={"amount": "125.505"}), "transaction.amount"),
        (_tampered({}, transaction={"currency": "XXX"}), "transaction.currency"),
        (_tampered({}, transaction={"status": "refunded"}), "transaction.status"),
        (_tampered({"event_type": "transaction.pending"}), "event_type does not match"),
        (_tampered({"event_id": "evt_" + "0" * 32}), "event_id does not match"),
        (_tampered({"event_id": "evt_short"}), "event_id is missing or malformed"),
        (_tampered({"timestamp": "2026-11-23T10:00:00.000Z"}), "timestamp is missing or malformed"),
        (_tampered({"received_at": "yesterday"}), "received_at is missing or malformed"),
        (_tampered({}, drop="payload"), "payload is missing"),
    ],
)
def test_an_invalid_event_is_refused_with_the_reason(body: str, reason: str) -> None:
    with pytest.raises(EventError, match=reason):
        event_from_json(body)


def test_a_duplicate_key_in_an_event_is_refused() -> None:
    body = canonical_bodies()[0].replace('"payload":{', '"payload":{"status":"x","status":"y",', 1)
    with pytest.raises(EventError, match="duplicate key"):
        event_from_json(body)
