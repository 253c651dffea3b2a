"""What the contract says an input should get, written from the contract, not from the handler.

Shared by the atheris targets (tools/fuzz/targets) and the hostile-input properties
(tests/unit/test_hostile_*.py), so the same oracle judges both fuzzers. Standard library only:
nothing here imports the code under test.

- amounts (WH-11, TX-10): positive, at most 999 999 999 999 major units, a whole number of
  minor units; decided by exact rational arithmetic on the text as sent;
- strict JSON (fintech_common.jsonparse's contract): which refusals are documented;
- signatures (WH-12): an independent implementation of the header check.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from decimal import Context, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Final

MAX_MAJOR_UNITS: Final = 999_999_999_999
MAX_DEPTH: Final = 32
TOLERANCE_SECONDS: Final = 300
MAX_HEADER_LENGTH: Final = 2048

_JSON_NUMBER: Final = re.compile(r"(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?")
_DIGITS: Final = frozenset("0123456789")


def _valid_units(coefficient: int, scale: int, places: int) -> bool:
    """Is coefficient * 10**scale in (0, MAX_MAJOR_UNITS] and a multiple of 10**-places?"""
    if coefficient <= 0:
        return False
    magnitude = len(str(coefficient)) - 1 + scale  # the value lies in [10**magnitude, 10**(magnitude + 1))
    if magnitude > 11 or magnitude < -places:
        return False
    value = coefficient * Fraction(10) ** scale
    return value <= MAX_MAJOR_UNITS and (value * 10**places).denominator == 1


def json_number_is_valid_amount(token: str, places: int) -> bool:
    """A JSON number token (as the webhook's `amount`) valid for a currency with `places` minor units."""
    match = _JSON_NUMBER.fullmatch(token)
    if match is None:
        raise ValueError("not a JSON number token")
    sign, integral, fraction, exponent = match.groups()
    if sign:
        return False
    fraction = fraction or ""
    return _valid_units(int(integral + fraction), int(exponent or 0) - len(fraction), places)


def fixed_point_is_valid_amount(text: str, places: int) -> bool:
    """Fixed-point ASCII text (an event's or the validator's `amount`) valid with `places` minor units.

    Digits only, no sign, no leading zero, 1 to 4 decimals written (trailing zeros allowed).
    """
    integral, dot, fraction = text.partition(".")
    if not integral or not set(integral) <= _DIGITS or (integral.startswith("0") and integral != "0"):
        return False
    if dot and not (1 <= len(fraction) <= 4 and set(fraction) <= _DIGITS):
        return False
    return _valid_units(int(integral + fraction), -len(fraction), places)


# --- strict JSON ---------------------------------------------------------------------------------

_TRAPPING: Final = Context(traps=[InvalidOperation])


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    return 0


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(char) <= 0xDFFF for char in value)
    if isinstance(value, dict):
        return any(_has_surrogate(key) or _has_surrogate(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(item) for item in value)
    return False


def strict_json_refusal(data: bytes) -> str | None:
    """Why strict JSON refuses `data` (invalid UTF-8, not JSON, duplicate key, NaN/Infinity, an
    exponent Decimal cannot hold, deeper than 32 levels, a lone surrogate), or None if it must be
    accepted. The standard library's parser, told to report what the strict parser refuses."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "invalid UTF-8"
    reasons: list[str] = []

    def pairs(members: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({key for key, _ in members}) != len(members):
            reasons.append("duplicate key")
        return dict(members)

    def constant(name: str) -> None:
        reasons.append("NaN or Infinity")

    def number(token: str) -> Decimal:
        try:
            return Decimal(token, context=_TRAPPING)
        except InvalidOperation:
            reasons.append("exponent out of range")
            return Decimal(0)

    try:
        value = json.loads(
            text, object_pairs_hook=pairs, parse_constant=constant, parse_float=number, parse_int=number
        )
    except RecursionError:
        return "nested too deep"
    except ValueError:
        return "not JSON"
    if reasons:
        return reasons[0]
    if _depth(value) > MAX_DEPTH:
        return "nested too deep"
    if _has_surrogate(value):
        return "lone surrogate"
    return None


# --- signatures ----------------------------------------------------------------------------------


def signature_is_valid(header: str, *, body: bytes, secret: str, now: float) -> bool:
    """WH-12: every non-empty element (spaces and tabs trimmed) is key=value; exactly one `t`, the
    Unix time in canonical decimal (1 to 12 digits), within 300 s of now; at least one `v1` equal
    to the lowercase hex HMAC-SHA256 of "<t>.<body>"; at most 2048 characters in all."""
    if len(header) > MAX_HEADER_LENGTH:
        return False
    times: list[str] = []
    signatures: list[str] = []
    for element in header.split(","):
        element = element.strip(" \t")
        if not element:
            continue
        if "=" not in element:
            return False
        key, value = element.split("=", 1)
        if key == "t":
            times.append(value)
        elif key == "v1":
            signatures.append(value)
    if len(times) != 1:
        return False
    (t,) = times
    if not (1 <= len(t) <= 12 and set(t) <= _DIGITS and t[0] != "0"):
        return False
    if abs(Fraction(now) - int(t)) > TOLERANCE_SECONDS:
        return False
    expected = hmac.new(secret.encode("utf-8"), t.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return expected in signatures
