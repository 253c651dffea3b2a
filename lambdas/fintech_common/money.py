"""Money amounts as `Decimal`: the checks and the one text form the pipeline writes.

An amount is valid for a currency when it is finite, positive, at most `MAX_MAJOR_UNITS` and
exactly representable in the currency's minor units (ISO 4217): `10.1` and `10.10` are the same
valid USD amount, `10.001` is not. The text form is fixed-point with exactly the currency's
number of decimal places (`10.10`, `1000` for JPY, `1.000` for BHD), never an exponent.
"""

from __future__ import annotations

import re
from decimal import Context, Decimal
from typing import Final

MAX_MAJOR_UNITS: Final = Decimal(999_999_999_999)

# Wide enough for MAX_MAJOR_UNITS at the largest minor unit (4) with room to spare, and local,
# so no caller's decimal context can round an amount.
_CONTEXT: Final = Context(prec=40)
_FIXED_POINT: Final = re.compile(r"(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,4})?")


class AmountError(ValueError):
    """The value is not a valid amount; the message says why (never the value itself)."""


def decimal_places(amount: Decimal) -> int:
    """Decimal places needed to write `amount` exactly: trailing zeros do not count (10.50 -> 1)."""
    _, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int):
        raise AmountError("must be a finite number")
    significant = "".join(map(str, digits)).rstrip("0")
    if not significant:
        return 0
    trailing_zeros = len(digits) - len(significant)
    return max(0, -(exponent + trailing_zeros))


def check_amount(amount: Decimal, places: int) -> Decimal:
    """`amount` at exactly `places` decimal places, or AmountError if it is not a valid amount."""
    if not amount.is_finite():
        raise AmountError("must be a finite number")
    if amount <= 0:
        raise AmountError("must be greater than zero")
    if amount > MAX_MAJOR_UNITS:
        raise AmountError(f"must be at most {MAX_MAJOR_UNITS} major units")
    if decimal_places(amount) > places:
        raise AmountError(f"must have at most {places} decimal places for this currency")
    return amount.quantize(Decimal(1).scaleb(-places), context=_CONTEXT)


def format_amount(amount: Decimal) -> str:
    """Fixed-point text of an amount returned by `check_amount` (no exponent, places kept)."""
    return format(amount, "f")


def parse_amount_text(text: str, places: int) -> Decimal:
    """The amount written as `format_amount` writes it, checked like `check_amount`."""
    if not _FIXED_POINT.fullmatch(text):
        raise AmountError("must be a fixed-point decimal string")
    return check_amount(Decimal(text), places)
