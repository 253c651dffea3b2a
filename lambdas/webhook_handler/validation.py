"""The webhook body: strict JSON, the transaction fields, no card numbers (WH-11).

Every refusal is a 400 naming the field (`field` is None only when the body as a whole is
wrong). Card numbers are looked for first, everywhere, keys included: a body carrying one is
refused before any of its values is read, logged or echoed.
"""

from __future__ import annotations

from dataclasses import dataclass

from fintech_common.cards import card_number_path
from fintech_common.jsonparse import JsonError, JsonObject, loads
from fintech_common.timestamps import normalise_rfc3339_utc
from fintech_common.transaction import FieldError, Transaction, read_transaction
from webhook_handler.responses import Refusal


@dataclass(frozen=True, slots=True)
class WebhookPayload:
    transaction: Transaction
    created_at: str | None  # normalised to YYYY-MM-DDTHH:MM:SSZ
    document: JsonObject  # the whole validated body, numbers as Decimal


def parse_body(body: bytes) -> JsonObject:
    """The body as a JSON object (strict: see fintech_common.jsonparse), else a 400 Refusal."""
    try:
        document = loads(body)
    except JsonError as exc:
        raise Refusal(400, "invalid_json", f"the body is not strict JSON: {exc}") from None
    if not isinstance(document, dict):
        raise Refusal(400, "invalid_json", "the body must be a JSON object")
    return document


def _created_at(document: JsonObject) -> str | None:
    if "created_at" not in document:
        return None
    value = document["created_at"]
    try:
        if not isinstance(value, str):
            raise ValueError("must be a string")
        return normalise_rfc3339_utc(value)
    except ValueError:
        raise Refusal(
            400,
            "invalid_field",
            "must be an RFC 3339 UTC date-time such as 2026-11-23T10:00:00Z",
            field="created_at",
        ) from None


def validate_payload(document: JsonObject) -> WebhookPayload:
    """The payload of a parsed body, else a 400 Refusal naming the first wrong field."""
    card_path = card_number_path(document)
    if card_path is not None:
        raise Refusal(400, "card_number", "card numbers must never be sent", field=card_path)
    try:
        transaction = read_transaction(document)
    except FieldError as exc:
        raise Refusal(400, exc.code, exc.message, field=exc.field) from None
    return WebhookPayload(transaction=transaction, created_at=_created_at(document), document=document)
