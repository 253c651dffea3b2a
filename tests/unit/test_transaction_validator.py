"""TX-10: the validation function's verdicts on canonical and refused requests."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import load_event
from transaction_validator import handler as handler_module
from transaction_validator.handler import lambda_handler
from transaction_validator.rules import FIELDS, TRANSACTION_TYPES

CARD_NUMBER = "4111111111111111"


@pytest.fixture
def request_event() -> dict[str, Any]:
    event: dict[str, Any] = load_event("transaction_validation_request")
    return event


AMOUNT_REFUSED = [("amount", "invalid_field")]


def errors_of(verdict: dict[str, Any]) -> list[tuple[str, str]]:
    return [(error["field"], error["code"]) for error in verdict["errors"]]


def test_a_well_formed_transaction_is_valid(request_event: dict[str, Any]) -> None:
    verdict = lambda_handler(request_event, None)
    assert verdict == {"valid": True, "errors": [], "transaction_id": "txn_20261123_0001"}


@pytest.mark.parametrize("transaction_type", TRANSACTION_TYPES)
def test_every_transaction_type_is_accepted(request_event: dict[str, Any], transaction_type: str) -> None:
    assert lambda_handler({**request_event, "type": transaction_type}, None)["valid"] is True


@pytest.mark.parametrize("amount", [149.9, 150, True])
def test_an_amount_that_is_not_a_string_is_refused(request_event: dict[str, Any], amount: object) -> None:
    # GIVEN an amount the Lambda runtime would have parsed as a float or an int
    verdict = lambda_handler({**request_event, "amount": amount}, None)
    # THEN the verdict names the amount and asks for a decimal string
    assert errors_of(verdict) == AMOUNT_REFUSED
    assert "decimal string" in verdict["errors"][0]["message"]


@pytest.mark.parametrize("amount", ["0", "0.00", "-1.00"])
def test_an_amount_that_is_not_positive_is_refused(request_event: dict[str, Any], amount: str) -> None:
    assert errors_of(lambda_handler({**request_event, "amount": amount}, None)) == [
        ("amount", "invalid_field")
    ]


@pytest.mark.parametrize(
    "amount", ["1e3", "1,000.00", " 10.00", "10.", ".5", "NaN", "Infinity", "0x10", "\uff11\uff10"]
)
def test_an_amount_not_in_fixed_point_notation_is_refused(request_event: dict[str, Any], amount: str) -> None:
    assert errors_of(lambda_handler({**request_event, "amount": amount}, None)) == [
        ("amount", "invalid_field")
    ]


def test_an_amount_finer_than_any_minor_unit_is_refused(request_event: dict[str, Any]) -> None:
    assert errors_of(lambda_handler({**request_event, "amount": "1.23456"}, None)) == [
        ("amount", "invalid_field")
    ]


def test_an_amount_above_the_maximum_is_refused(request_event: dict[str, Any]) -> None:
    verdict = lambda_handler({**request_event, "amount": "1000000000000"}, None)
    assert errors_of(verdict) == AMOUNT_REFUSED


def test_an_amount_a_float_cannot_hold_is_accepted_exactly(request_event: dict[str, Any]) -> None:
    # GIVEN an amount with 16 significant digits, more than a binary float holds exactly
    amount = "123456789012.3456"
    assert Decimal(float(amount)) != Decimal(amount)
    # THEN, sent as decimal text, it is a valid amount
    assert lambda_handler({**request_event, "amount": amount}, None)["valid"] is True


@pytest.mark.parametrize("field", FIELDS)
def test_a_missing_field_is_named(request_event: dict[str, Any], field: str) -> None:
    del request_event[field]
    assert errors_of(lambda_handler(request_event, None)) == [(field, "missing_field")]


def test_an_unknown_field_is_named(request_event: dict[str, Any]) -> None:
    verdict = lambda_handler({**request_event, "currency": "EUR"}, None)
    assert errors_of(verdict) == [("currency", "unexpected_field")]


def test_an_unknown_field_name_that_is_not_an_identifier_is_not_echoed(request_event: dict[str, Any]) -> None:
    verdict = lambda_handler({**request_event, "<script>": 1}, None)
    assert errors_of(verdict) == [("$", "unexpected_field")]


def test_an_unknown_type_is_refused(request_event: dict[str, Any]) -> None:
    assert errors_of(lambda_handler({**request_event, "type": "chargeback"}, None)) == [
        ("type", "invalid_field")
    ]


def test_a_malformed_account_id_is_refused(request_event: dict[str, Any]) -> None:
    verdict = lambda_handler({**request_event, "account_id": "acct 42"}, None)
    assert errors_of(verdict) == [("account_id", "invalid_field")]


def test_a_card_number_in_any_field_is_refused_without_being_echoed(request_event: dict[str, Any]) -> None:
    verdict = lambda_handler({**request_event, "account_id": CARD_NUMBER}, None)
    assert errors_of(verdict) == [("account_id", "card_number")]
    assert CARD_NUMBER not in json.dumps(verdict)


def test_an_invalid_transaction_id_is_not_returned(request_event: dict[str, Any]) -> None:
    verdict = lambda_handler({**request_event, "transaction_id": "-bad id-"}, None)
    assert errors_of(verdict) == [("transaction_id", "invalid_field")]
    assert verdict["transaction_id"] is None


def test_every_problem_is_reported_at_once() -> None:
    verdict = lambda_handler({"amount": 1.5, "type": "loan"}, None)
    assert errors_of(verdict) == [
        ("transaction_id", "missing_field"),
        ("amount", "invalid_field"),
        ("account_id", "missing_field"),
        ("type", "invalid_field"),
    ]


@pytest.mark.parametrize("event", [None, [], "payment", 42, 1.5, True])
def test_a_request_that_is_not_an_object_is_refused(event: object) -> None:
    verdict = lambda_handler(event, None)
    assert verdict == {
        "valid": False,
        "errors": [{"field": "$", "code": "not_an_object", "message": "the request must be a JSON object"}],
        "transaction_id": None,
    }


def test_the_log_line_names_codes_but_no_field_value(
    request_event: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    lambda_handler({**request_event, "account_id": "acct_secret_42", "amount": "oops"}, None)
    record = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert record["errors"] == ["amount:invalid_field"]
    assert "acct_secret_42" not in json.dumps(record)
    assert "oops" not in json.dumps(record)


def test_an_unexpected_failure_still_returns_a_verdict(
    request_event: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(handler_module, "validate", explode)
    verdict = lambda_handler(request_event, None)
    assert verdict["valid"] is False
    assert errors_of(verdict) == [("$", "internal_error")]
