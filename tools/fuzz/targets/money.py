"""Target: the amount checks, `fintech_common.money` (and `loads` for amounts sent as JSON numbers).

Input layout: the first byte picks the currency's minor units (0 to 4), the rest is the amount
as text. Two paths, as the pipeline has them:

- the event's amount text, `parse_amount_text(text, places)`: accepted exactly when
  `oracles.fixed_point_is_valid_amount` says so, and then equal to the text's exact value;
- the webhook's amount, a JSON number, `check_amount(loads(text), places)`: accepted exactly
  when `oracles.json_number_is_valid_amount` says so, and then equal to it and written by
  `format_amount` with exactly `places` decimals, which `parse_amount_text` reads back unchanged.

Nothing but `AmountError` (and `JsonError` for text that is no JSON) may ever be raised.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Final

from fintech_common.jsonparse import JsonError, loads
from fintech_common.money import AmountError, check_amount, format_amount, parse_amount_text
from tools.fuzz.oracles import fixed_point_is_valid_amount, json_number_is_valid_amount

INSTRUMENT: Final = ("fintech_common",)
MAX_LEN: Final = 96
_JSON_WHITESPACE: Final = " \t\n\r"


def _check_written(amount: Decimal, places: int) -> None:
    text = format_amount(amount)
    integral, _, fraction = text.partition(".")
    assert len(fraction) == places and integral.isascii() and integral.isdigit(), text
    assert parse_amount_text(text, places) == amount


def check_text(text: str, places: int) -> None:
    try:
        amount = parse_amount_text(text, places)
    except AmountError:
        assert not fixed_point_is_valid_amount(text, places), f"refused {text!r} at {places} places"
        return
    assert fixed_point_is_valid_amount(text, places), f"accepted {text!r} at {places} places"
    assert Fraction(amount) == Fraction(text)
    _check_written(amount, places)


def check_number(text: str, places: int) -> None:
    try:
        number = loads(text)
    except JsonError:
        return
    if not isinstance(number, Decimal):
        return
    token = text.strip(_JSON_WHITESPACE)
    valid = json_number_is_valid_amount(token, places)
    try:
        amount = check_amount(number, places)
    except AmountError:
        assert not valid, f"refused {token!r} at {places} places"
        return
    assert valid, f"accepted {token!r} at {places} places"
    assert amount == number
    _check_written(amount, places)


def check(data: bytes) -> None:
    places = data[0] % 5 if data else 2
    text = data[1:].decode("utf-8", "surrogateescape")
    check_text(text, places)
    check_number(text, places)
