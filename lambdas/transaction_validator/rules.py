"""Checking one transaction the web tier is about to record (TX-10), as pure functions.

The request is `{"transaction_id", "amount", "account_id", "type"}` and nothing else. `amount`
is a fixed-point decimal *string* (`"10.50"`): the Lambda runtime parses a JSON number as a
float before this code runs, so an amount sent as a number may already be rounded and is
refused. The text is parsed as `Decimal` and must be positive, at most
`fintech_common.money.MAX_MAJOR_UNITS` and have at most `AMOUNT_PLACES` decimal places (the
finest ISO 4217 minor unit: the request names no currency). Any string field that looks like a
card number is refused (PCI DSS 3.4), and no error message ever quotes the value it refuses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from fintech_common.cards import text_has_card_number
from fintech_common.currencies import MINOR_UNITS
from fintech_common.money import AmountError, parse_amount_text
from fintech_common.transaction import TRANSACTION_ID, FieldError

FIELDS: Final = ("transaction_id", "amount", "account_id", "type")
TRANSACTION_TYPES: Final = ("payment", "refund", "transfer")
ACCOUNT_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", re.ASCII)
AMOUNT_PLACES: Final = max(MINOR_UNITS.values())
ROOT: Final = "$"
_IDENTIFIER_RULE: Final = "must be 1 to 64 letters, digits, '_' or '-', starting alphanumeric"
_SAFE_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}", re.ASCII)

NOT_AN_OBJECT: Final = "not_an_object"
MISSING_FIELD: Final = "missing_field"
INVALID_FIELD: Final = "invalid_field"
UNEXPECTED_FIELD: Final = "unexpected_field"
CARD_NUMBER: Final = "card_number"


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one field was refused: the field's name, a stable code and a message without the value."""

    field: str
    code: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer to the web tier: valid, or every problem found; the transaction id if it is valid."""

    transaction_id: str | None
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "errors": [problem.as_json() for problem in self.problems],
            "transaction_id": self.transaction_id,
        }


def _check_transaction_id(value: object) -> None:
    if not isinstance(value, str) or not TRANSACTION_ID.fullmatch(value):
        raise FieldError("transaction_id", _IDENTIFIER_RULE)


def _check_amount(value: object) -> None:
    if not isinstance(value, str):
        raise FieldError(
            "amount",
            'must be a decimal string such as "10.50" (a JSON number reaches the function as a float)',
        )
    try:
        parse_amount_text(value, AMOUNT_PLACES)
    except AmountError as exc:
        raise FieldError("amount", str(exc)) from None


def _check_account_id(value: object) -> None:
    if not isinstance(value, str) or not ACCOUNT_ID.fullmatch(value):
        raise FieldError("account_id", _IDENTIFIER_RULE)


def _check_type(value: object) -> None:
    if not isinstance(value, str) or value not in TRANSACTION_TYPES:
        raise FieldError("type", f"must be one of {', '.join(TRANSACTION_TYPES)}")


def _check_field(name: str, value: object) -> Problem | None:
    if isinstance(value, str) and text_has_card_number(value):
        return Problem(name, CARD_NUMBER, "must not contain a card number")
    try:
        if name == "transaction_id":
            _check_transaction_id(value)
        elif name == "amount":
            _check_amount(value)
        elif name == "account_id":
            _check_account_id(value)
        else:
            _check_type(value)
    except FieldError as exc:
        return Problem(name, INVALID_FIELD, exc.message)
    return None


def _unexpected(key: object) -> Problem:
    if isinstance(key, str) and _SAFE_NAME.fullmatch(key) and not text_has_card_number(key):
        return Problem(key, UNEXPECTED_FIELD, "is not a field of a transaction")
    return Problem(ROOT, UNEXPECTED_FIELD, "holds a field name that is not a field of a transaction")


def validate(request: object) -> Verdict:
    """The verdict on one request; every problem is reported, none raised."""
    if not isinstance(request, Mapping):
        return Verdict(None, (Problem(ROOT, NOT_AN_OBJECT, "the request must be a JSON object"),))
    problems: list[Problem] = []
    for name in FIELDS:
        if name not in request:
            problems.append(Problem(name, MISSING_FIELD, "is required"))
            continue
        problem = _check_field(name, request[name])
        if problem is not None:
            problems.append(problem)
    problems.extend(_unexpected(key) for key in request if key not in FIELDS)
    transaction_id = request.get("transaction_id")
    if not isinstance(transaction_id, str) or any(p.field == "transaction_id" for p in problems):
        transaction_id = None
    return Verdict(transaction_id, tuple(problems))
