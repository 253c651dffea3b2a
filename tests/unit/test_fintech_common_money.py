"""Amounts: Decimal only, positive, bounded, exact in the currency's minor units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fintech_common.currencies import MINOR_UNITS
from fintech_common.money import (
    MAX_MAJOR_UNITS,
    AmountError,
    check_amount,
    decimal_places,
    format_amount,
    parse_amount_text,
)
from tests.webhook_testkit import amounts


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("10", 0),
        ("10.50", 1),
        ("10.05", 2),
        ("1E+3", 0),
        ("1.5E+1", 0),
        ("1E-400", 400),
        ("0.000", 0),
        ("123.4500", 2),
    ],
)
def test_decimal_places_ignore_trailing_zeros(text: str, places: int) -> None:
    assert decimal_places(Decimal(text)) == places


@pytest.mark.parametrize(
    ("text", "places", "expected"),
    [
        ("10.5", 2, "10.50"),
        ("10.500", 2, "10.50"),
        ("1E+2", 0, "100"),
        ("1.000", 3, "1.000"),
        ("0.0001", 4, "0.0001"),
        ("999999999999", 2, "999999999999.00"),
    ],
)
def test_a_valid_amount_comes_back_at_the_currency_precision(text: str, places: int, expected: str) -> None:
    assert format_amount(check_amount(Decimal(text), places)) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0", "greater than zero"),
        ("-0", "greater than zero"),
        ("-1.00", "greater than zero"),
        ("0E-10", "greater than zero"),
        ("1000000000000", "at most"),
        ("999999999999.01", "at most"),
        ("1E+400", "at most"),
        ("1E-400", "decimal places"),
        ("10.001", "decimal places"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
        ("-Infinity", "finite"),
        ("sNaN", "finite"),
    ],
)
def test_an_invalid_amount_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(AmountError, match=reason):
        check_amount(Decimal(text), 2)


def test_a_fraction_is_refused_for_a_zero_decimal_currency() -> None:
    with pytest.raises(AmountError, match="at most 0 decimal places"):
        check_amount(Decimal("1.5"), 0)


def test_the_largest_amount_is_accepted() -> None:
    assert check_amount(MAX_MAJOR_UNITS, 0) == Decimal("999999999999")


@given(currency=st.sampled_from(sorted(MINOR_UNITS)), data=st.data())
def test_every_amount_at_a_currencys_precision_survives_text_and_back(
    currency: str, data: st.DataObject
) -> None:
    # GIVEN an amount written at exactly the currency's minor units
    amount = data.draw(amounts(currency))
    places = MINOR_UNITS[currency]
    # WHEN it is checked, written and read back
    text = format_amount(check_amount(amount, places))
    # THEN nothing is lost, and the text has exactly the currency's decimal places
    assert parse_amount_text(text, places) == amount
    assert len(text.partition(".")[2]) == places


@pytest.mark.parametrize(
    "text", ["1e3", "+1", " 1", "01.00", "1.", ".5", "1.00000", "1,00", "\u0661\u0660", "-1", ""]
)
def test_amount_text_must_be_plain_fixed_point(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount_text(text, 4)
