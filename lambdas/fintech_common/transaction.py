"""A transaction's four fields and their checks, shared by the webhook and the consumers.

The webhook reads `amount` as a JSON number; the event the pipeline publishes carries it as
fixed-point text (`"10.10"`), so a JSON library that turns numbers into floats downstream can
never round it. Both paths end in the same `Transaction`, amount at exactly the currency's
minor units.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from fintech_common.currencies import minor_units
from fintech_common.jsonparse import JsonObject, JsonValue
from fintech_common.money import AmountError, check_amount, format_amount, parse_amount_text

STATUSES: Final = ("pending", "completed", "failed")
TRANSACTION_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", re.ASCII)

MISSING_FIELD: Final = "missing_field"
INVALID_FIELD: Final = "invalid_field"


class FieldError(ValueError):
    """One field is missing or invalid: `code`, the field's name and a message without its value."""

    def __init__(self, field: str, message: str, *, code: str = INVALID_FIELD) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class Transaction:
    transaction_id: str
    amount: Decimal  # exactly the currency's minor units (ISO 4217), > 0
    currency: str
    status: str

    @property
    def event_type(self) -> str:
        return f"transaction.{self.status}"

    @property
    def amount_text(self) -> str:
        return format_amount(self.amount)

    def as_json(self) -> JsonObject:
        return {
            "transaction_id": self.transaction_id,
            "amount": self.amount_text,
            "currency": self.currency,
            "status": self.status,
        }


def _required(fields: Mapping[str, JsonValue], name: str) -> JsonValue:
    if name not in fields:
        raise FieldError(name, "is required", code=MISSING_FIELD)
    return fields[name]


def check_transaction_id(value: JsonValue) -> str:
    if not isinstance(value, str) or not TRANSACTION_ID.fullmatch(value):
        raise FieldError(
            "transaction_id", "must be 1 to 64 letters, digits, '_' or '-', starting alphanumeric"
        )
    return value


def check_currency(value: JsonValue) -> str:
    if not isinstance(value, str) or minor_units(value) is None:
        raise FieldError("currency", "must be an active ISO 4217 currency code in upper case, e.g. EUR")
    return value


def check_status(value: JsonValue) -> str:
    if not isinstance(value, str) or value not in STATUSES:
        raise FieldError("status", f"must be one of {', '.join(STATUSES)}")
    return value


def check_amount_number(value: JsonValue, currency: str) -> Decimal:
    """A JSON number (never a string, never a float) valid for `currency`."""
    if not isinstance(value, Decimal):
        raise FieldError("amount", "must be a JSON number")
    try:
        return check_amount(value, minor_units(currency) or 0)
    except AmountError as exc:
        raise FieldError("amount", str(exc)) from None


def check_amount_text(value: JsonValue, currency: str) -> Decimal:
    """Fixed-point text (as the pipeline's events carry it) valid for `currency`."""
    if not isinstance(value, str):
        raise FieldError("amount", "must be a fixed-point decimal string")
    try:
        return parse_amount_text(value, minor_units(currency) or 0)
    except AmountError as exc:
        raise FieldError("amount", str(exc)) from None


def read_transaction(fields: Mapping[str, JsonValue], *, amount_as_text: bool = False) -> Transaction:
    """The transaction in `fields`, or FieldError naming the first missing or invalid field."""
    transaction_id = check_transaction_id(_required(fields, "transaction_id"))
    amount = _required(fields, "amount")
    currency = check_currency(_required(fields, "currency"))
    checked = check_amount_text(amount, currency) if amount_as_text else check_amount_number(amount, currency)
    status = check_status(_required(fields, "status"))
    return Transaction(transaction_id=transaction_id, amount=checked, currency=currency, status=status)
