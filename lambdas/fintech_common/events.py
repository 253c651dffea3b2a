"""The transaction event: what webhook_handler publishes and both consumers read.

Wire form (the SNS message, delivered raw as the SQS body):

    {"event_id": "evt_<32 hex>", "event_type": "transaction.<status>",
     "timestamp": "2026-11-23T10:00:00Z", "received_at": "2026-11-23T10:00:01.234Z",
     "transaction": {"transaction_id": ..., "amount": "<fixed-point text>", "currency": ..., "status": ...},
     "payload": {<the validated webhook body, numbers written exactly>}}

`event_id` is a hash of the transaction's fields and `timestamp` (WH-13): the same webhook
delivered twice gives the same id, which is what makes every downstream write idempotent.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Final

from fintech_common.jsonparse import MAX_DEPTH, JsonError, JsonObject, canonical_dumps, dumps, loads
from fintech_common.timestamps import MILLIS_FORMAT, SECONDS_FORMAT
from fintech_common.transaction import FieldError, Transaction, read_transaction

EVENT_ID: Final = re.compile(r"evt_[0-9a-f]{32}", re.ASCII)
EVENT_MAX_DEPTH: Final = MAX_DEPTH + 1  # the webhook body sits one level down, under "payload"


class EventError(ValueError):
    """The text is not a valid transaction event; the message names the part that is wrong."""


def compute_event_id(transaction: Transaction, timestamp: str) -> str:
    """`evt_` + the first 32 hex digits of SHA-256 over the canonical JSON of the event's identity."""
    identity: JsonObject = {
        "transaction_id": transaction.transaction_id,
        "status": transaction.status,
        "amount": transaction.amount_text,
        "currency": transaction.currency,
        "timestamp": timestamp,
    }
    return "evt_" + hashlib.sha256(canonical_dumps(identity).encode("ascii")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class TransactionEvent:
    event_id: str
    timestamp: str  # event time, YYYY-MM-DDTHH:MM:SSZ
    received_at: str  # when the webhook arrived, YYYY-MM-DDTHH:MM:SS.mmmZ
    transaction: Transaction
    payload: JsonObject

    @property
    def event_type(self) -> str:
        return self.transaction.event_type

    def as_json(self) -> JsonObject:
        return {
            "event_id": self.event_id,
            "event_type": self.event_type,
            "timestamp": self.timestamp,
            "received_at": self.received_at,
            "transaction": self.transaction.as_json(),
            "payload": self.payload,
        }

    def to_json(self) -> str:
        return dumps(self.as_json())


def new_event(
    transaction: Transaction, *, timestamp: str, received_at: str, payload: JsonObject
) -> TransactionEvent:
    """The event for `transaction` at `timestamp`, its id computed from both."""
    return TransactionEvent(
        event_id=compute_event_id(transaction, timestamp),
        timestamp=timestamp,
        received_at=received_at,
        transaction=transaction,
        payload=payload,
    )


def _text(document: JsonObject, name: str, pattern: re.Pattern[str]) -> str:
    value = document.get(name)
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise EventError(f"{name} is missing or malformed")
    return value


def event_from_json(text: str | bytes) -> TransactionEvent:
    """Parse and check an event as `TransactionEvent.to_json` writes it, else EventError."""
    try:
        document = loads(text, max_depth=EVENT_MAX_DEPTH)
    except JsonError as exc:
        raise EventError(f"not strict JSON: {exc}") from None
    if not isinstance(document, dict):
        raise EventError("not a JSON object")
    transaction_fields = document.get("transaction")
    if not isinstance(transaction_fields, dict):
        raise EventError("transaction is missing or not an object")
    try:
        transaction = read_transaction(transaction_fields, amount_as_text=True)
    except FieldError as exc:
        raise EventError(f"transaction.{exc}") from None
    payload = document.get("payload")
    if not isinstance(payload, dict):
        raise EventError("payload is missing or not an object")
    event = TransactionEvent(
        event_id=_text(document, "event_id", EVENT_ID),
        timestamp=_text(document, "timestamp", SECONDS_FORMAT),
        received_at=_text(document, "received_at", MILLIS_FORMAT),
        transaction=transaction,
        payload=payload,
    )
    if document.get("event_type") != event.event_type:
        raise EventError("event_type does not match transaction.status")
    if event.event_id != compute_event_id(transaction, event.timestamp):
        raise EventError("event_id does not match the event's transaction and timestamp")
    return event
