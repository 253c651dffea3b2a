"""ISO 4217 minor units: the full active table, and nothing withdrawn or without minor units."""

from __future__ import annotations

import pytest

from fintech_common.currencies import MINOR_UNITS, UNITS_WITHOUT_MINOR_UNITS, minor_units
from tests.webhook_testkit import FOUR_DECIMAL, THREE_DECIMAL, ZERO_DECIMAL


def test_the_table_holds_every_active_currency_with_numeric_minor_units() -> None:
    # ISO 4217 List One (2026-01-01): 178 active codes, 13 of them without minor units.
    assert len(MINOR_UNITS) + len(UNITS_WITHOUT_MINOR_UNITS) == 178


def test_every_code_is_three_upper_case_letters() -> None:
    assert all(
        len(code) == 3 and code.isascii() and code.isalpha() and code.isupper() for code in MINOR_UNITS
    )


def test_zero_decimal_currencies_match_the_standard() -> None:
    assert {code for code, places in MINOR_UNITS.items() if places == 0} == set(ZERO_DECIMAL)


def test_three_decimal_currencies_match_the_standard() -> None:
    assert {code for code, places in MINOR_UNITS.items() if places == 3} == set(THREE_DECIMAL)


def test_four_decimal_currencies_match_the_standard() -> None:
    assert {code for code, places in MINOR_UNITS.items() if places == 4} == set(FOUR_DECIMAL)


def test_every_other_currency_has_two_decimals() -> None:
    others = set(MINOR_UNITS) - set(ZERO_DECIMAL) - set(THREE_DECIMAL) - set(FOUR_DECIMAL)
    assert {MINOR_UNITS[code] for code in others} == {2}


@pytest.mark.parametrize(
    ("code", "places"),
    [
        ("USD", 2),
        ("EUR", 2),
        ("GBP", 2),
        ("JPY", 0),
        ("KRW", 0),
        ("BHD", 3),
        ("KWD", 3),
        ("CLF", 4),
        ("UYW", 4),
        ("XCG", 2),
        ("ZWG", 2),
        ("SLE", 2),
        ("VED", 2),
        ("XAD", 2),
    ],
)
def test_minor_units_of_a_currency(code: str, places: int) -> None:
    assert minor_units(code) == places


@pytest.mark.parametrize(
    "code", ["BGN", "HRK", "ANG", "ZWL", "SLL", "CUC", "VEF", "STD", "MRO", "LTL", "DEM"]
)
def test_withdrawn_currencies_are_not_payment_currencies(code: str) -> None:
    assert minor_units(code) is None


@pytest.mark.parametrize("code", sorted(UNITS_WITHOUT_MINOR_UNITS))
def test_units_without_minor_units_are_not_payment_currencies(code: str) -> None:
    assert minor_units(code) is None


@pytest.mark.parametrize("code", ["usd", "Eur", "US", "USDT", "", " USD"])
def test_codes_must_be_exact_upper_case(code: str) -> None:
    assert minor_units(code) is None
