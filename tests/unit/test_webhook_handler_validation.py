"""The webhook body: strict JSON, each field checked and named, card numbers refused (WH-11)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from fintech_common.jsonparse import loads
from fintech_common.transaction import STATUSES, TRANSACTION_ID
from policies.constants import TRANSACTION_ID_PATTERN, TRANSACTION_STATUSES
from tests.webhook_testkit import canonical_body
from webhook_handler.responses import Refusal
from webhook_handler.validation import parse_body, validate_payload

VALID: dict[str, Any] = json.loads(canonical_body(), parse_float=Decimal)


def strict(document: dict[str, Any]) -> Any:
    """`document` as the strict parser gives it: written as JSON (Decimals as numbers), parsed back."""

    def encode(value: Any) -> str:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return "{" + ",".join(f"{json.dumps(key)}:{encode(item)}" for key, item in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ",".join(encode(item) for item in value) + "]"
        return json.dumps(value)

    return loads(encode(document))


def refusal_for(document: dict[str, Any]) -> Refusal:
    with pytest.raises(Refusal) as raised:
        validate_payload(strict(document))
    return raised.value


def with_field(name: str, value: Any) -> dict[str, Any]:
    return {**VALID, name: value}


def without(name: str) -> dict[str, Any]:
    return {key: value for key, value in VALID.items() if key != name}


def test_the_statuses_are_the_ones_the_api_model_and_the_filter_policies_use() -> None:
    assert STATUSES == TRANSACTION_STATUSES


def test_the_transaction_id_pattern_is_the_api_models() -> None:
    assert f"^{TRANSACTION_ID.pattern}$" == TRANSACTION_ID_PATTERN


def test_the_canonical_payload_is_valid() -> None:
    payload = validate_payload(parse_body(canonical_body()))
    assert (payload.transaction.transaction_id, payload.transaction.amount, payload.transaction.currency) == (
        "txn_20261123_0001",
        Decimal("125.50"),
        "EUR",
    )
    assert payload.created_at == "2026-11-23T10:00:00Z"


@pytest.mark.parametrize("body", [b"[]", b'"text"', b"125.50", b"null", b"true"])
def test_a_body_that_is_not_an_object_is_refused(body: bytes) -> None:
    with pytest.raises(Refusal, match="must be a JSON object"):
        parse_body(body)


@pytest.mark.parametrize("body", [b"{", b'{"a": NaN}', b'{"a": 1, "a": 1}', b"\xff", b"[" * 40 + b"]" * 40])
def test_a_body_that_is_not_strict_json_is_refused(body: bytes) -> None:
    with pytest.raises(Refusal) as raised:
        parse_body(body)
    assert (raised.value.status_code, raised.value.error, raised.value.field) == (400, "invalid_json", None)


@pytest.mark.parametrize("field", ["transaction_id", "amount", "currency", "status"])
def test_a_missing_required_field_is_named(field: str) -> None:
    failure = refusal_for(without(field))
    assert (failure.status_code, failure.error, failure.field) == (400, "missing_field", field)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("transaction_id", ""),
        ("transaction_id", "_abc"),
        ("transaction_id", "a" * 65),
        ("transaction_id", "a b"),
        ("transaction_id", "tx/1"),
        ("transaction_id", "tx\u00e9"),
        ("transaction_id", Decimal(123)),
        ("transaction_id", None),
        ("amount", "125.50"),
        ("amount", Decimal(0)),
        ("amount", Decimal("-0")),
        ("amount", Decimal("-1")),
        ("amount", Decimal("1E+400")),
        ("amount", Decimal("1E-400")),
        ("amount", Decimal("10.001")),
        ("amount", Decimal("1000000000000")),
        ("amount", True),
        ("amount", None),
        ("amount", [Decimal(1)]),
        ("currency", "eur"),
        ("currency", "EURO"),
        ("currency", "XXX"),
        ("currency", "XAU"),
        ("currency", "BGN"),
        ("currency", Decimal(978)),
        ("status", "PENDING"),
        ("status", "refunded"),
        ("status", None),
        ("created_at", "yesterday"),
        ("created_at", "2026-11-23T10:00:00+01:00"),
        ("created_at", "2026-02-30T00:00:00Z"),
        ("created_at", Decimal(1795428000)),
        ("created_at", None),
    ],
)
def test_an_invalid_field_is_named(field: str, value: Any) -> None:
    failure = refusal_for(with_field(field, value))
    assert (failure.status_code, failure.error, failure.field) == (400, "invalid_field", field)


@pytest.mark.parametrize(
    ("currency", "amount"),
    [
        ("JPY", "100"),
        ("JPY", "1E+2"),
        ("BHD", "1.234"),
        ("CLF", "1.2345"),
        ("USD", "1.23"),
        ("USD", "1.2300"),
    ],
)
def test_amounts_are_accepted_at_each_currencys_precision(currency: str, amount: str) -> None:
    payload = validate_payload(strict({**VALID, "currency": currency, "amount": Decimal(amount)}))
    assert payload.transaction.amount == Decimal(amount)


@pytest.mark.parametrize(
    ("currency", "amount", "places"),
    [("JPY", "1.5", 0), ("BHD", "1.2345", 3), ("CLF", "1.23456", 4), ("USD", "1.234", 2)],
)
def test_amounts_beyond_a_currencys_precision_are_refused(currency: str, amount: str, places: int) -> None:
    failure = refusal_for({**VALID, "currency": currency, "amount": Decimal(amount)})
    assert (failure.field, failure.message) == (
        "amount",
        f"must have at most {places} decimal places for this currency",
    )


def test_extra_fields_of_any_json_type_are_allowed() -> None:
    extra = {
        "metadata": {"tags": ["a", None, True, Decimal("1.5")], "nested": {"deep": [[{}]]}},
        "note": "ok",
    }
    assert validate_payload(strict({**VALID, **extra})).document["note"] == "ok"


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({**VALID, "metadata": {"note": "card 4111 1111 1111 1111"}}, "metadata.note"),
        ({**VALID, "transaction_id": "4111111111111111"}, "transaction_id"),
        ({**VALID, "amount": Decimal("4111111111111111")}, "amount"),
        ({**VALID, "metadata": {"4111-1111-1111-1111": "x"}}, "metadata.<key>"),
        ({**VALID, "items": [{"pan": Decimal("4111111111111111")}]}, "items[0].pan"),
    ],
)
def test_a_card_number_anywhere_is_refused_with_its_path(document: dict[str, Any], field: str) -> None:
    failure = refusal_for(document)
    assert (failure.status_code, failure.error, failure.field) == (400, "card_number", field)


def test_a_card_number_is_refused_before_other_fields_are_checked() -> None:
    failure = refusal_for({"note": "4111111111111111"})
    assert failure.error == "card_number"
