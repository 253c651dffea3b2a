"""TX-10 properties: any input gets a well-formed verdict; money is exact Decimal text, never float."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from fintech_common.money import MAX_MAJOR_UNITS
from transaction_validator.handler import lambda_handler
from transaction_validator.rules import AMOUNT_PLACES, FIELDS, TRANSACTION_TYPES

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=12,
)
identifiers = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", fullmatch=True)
positive_amounts = st.decimals(
    min_value=Decimal(1).scaleb(-AMOUNT_PLACES), max_value=MAX_MAJOR_UNITS, places=AMOUNT_PLACES
)


@st.composite
def valid_requests(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "transaction_id": draw(identifiers),
        "amount": format(draw(positive_amounts), "f"),
        "account_id": draw(identifiers.filter(lambda text: not text.isdecimal())),
        "type": draw(st.sampled_from(TRANSACTION_TYPES)),
    }


def assert_well_formed(verdict: dict[str, Any]) -> None:
    assert set(verdict) == {"valid", "errors", "transaction_id"}
    assert verdict["valid"] is (not verdict["errors"])
    assert verdict["transaction_id"] is None or isinstance(verdict["transaction_id"], str)
    for error in verdict["errors"]:
        assert set(error) == {"field", "code", "message"}
        assert all(isinstance(value, str) and value for value in error.values())
    json.dumps(verdict)


@given(json_values)
def test_any_json_value_gets_a_well_formed_verdict(event: Any) -> None:
    assert_well_formed(lambda_handler(event, None))


@given(st.fixed_dictionaries({field: json_values for field in FIELDS}))
def test_any_values_in_the_four_fields_get_a_well_formed_verdict(event: dict[str, Any]) -> None:
    assert_well_formed(lambda_handler(event, None))


@given(valid_requests())
def test_a_valid_transaction_is_accepted_and_named(event: dict[str, Any]) -> None:
    assert lambda_handler(event, None) == {
        "valid": True,
        "errors": [],
        "transaction_id": event["transaction_id"],
    }


@given(valid_requests(), st.floats(allow_nan=False, allow_infinity=False, min_value=0.01, max_value=1e9))
def test_an_amount_sent_as_a_number_is_always_refused(event: dict[str, Any], amount: float) -> None:
    verdict = lambda_handler({**event, "amount": amount}, None)
    assert [(e["field"], e["code"]) for e in verdict["errors"]] == [("amount", "invalid_field")]


@given(
    valid_requests(), st.decimals(max_value=0, allow_nan=False, allow_infinity=False, places=AMOUNT_PLACES)
)
def test_a_non_positive_amount_is_always_refused(event: dict[str, Any], amount: Decimal) -> None:
    verdict = lambda_handler({**event, "amount": format(amount, "f")}, None)
    assert [e["field"] for e in verdict["errors"]] == ["amount"]


@given(valid_requests(), st.integers(min_value=1, max_value=10**AMOUNT_PLACES - 1), st.integers(1, 9))
def test_an_amount_finer_than_the_finest_minor_unit_is_always_refused(
    event: dict[str, Any], fraction: int, extra_digit: int
) -> None:
    amount = f"1.{fraction:0{AMOUNT_PLACES}d}{extra_digit}"
    verdict = lambda_handler({**event, "amount": amount}, None)
    assert [e["field"] for e in verdict["errors"]] == ["amount"]


@given(valid_requests(), st.text(min_size=1).filter(lambda key: key not in FIELDS), json_values)
def test_an_extra_field_is_always_refused(event: dict[str, Any], key: str, value: Any) -> None:
    verdict = lambda_handler({**event, key: value}, None)
    assert verdict["valid"] is False
    assert [e["code"] for e in verdict["errors"]] == ["unexpected_field"]


@given(
    valid_requests(),
    st.integers(min_value=10**14, max_value=10**15 - 1),
    st.sampled_from(["account_id", "type"]),
)
def test_a_card_number_is_refused_and_never_echoed(event: dict[str, Any], body: int, field: str) -> None:
    digits = str(body)
    check = next(d for d in "0123456789" if _luhn_ok(digits + d))
    card = digits + check
    verdict = lambda_handler({**event, field: card}, None)
    assert (field, "card_number") in [(e["field"], e["code"]) for e in verdict["errors"]]
    assert card not in json.dumps(verdict)


def _luhn_ok(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0
