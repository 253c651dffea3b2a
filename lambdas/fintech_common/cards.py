"""Card-number detection (PCI DSS 3.4: no primary account number enters the pipeline).

A value looks like a card number when it holds 13 to 19 digits that pass the Luhn check,
written either as one unbroken token or as groups separated by single spaces or dashes
(`4111 1111 1111 1111`, `4111-1111-1111-1111`), alone or inside free text. A number counts by
its integral value (`4111111111111111` as a JSON number). Longer unbroken digit runs (hashes,
long references) are not card numbers; a card number written among other groups is still
found, because every run of whole groups of 13 to 19 digits is checked.

`card_number_path` walks a whole JSON value, keys included, and returns the path of the first
hit (`metadata.note`, `items[2].pan`); a key that looks like a card number is reported as
`<key>` under its parent so the number itself never reaches a response or a log line.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from fintech_common.jsonparse import JsonValue

MIN_DIGITS: Final = 13
MAX_DIGITS: Final = 19
KEY_PLACEHOLDER: Final = "<key>"

# Maximal runs of digit groups joined by exactly one space or dash. `\d` is any Unicode
# decimal digit: a card number typed in full-width digits is still a card number.
_GROUP_RUN: Final = re.compile(r"\d+(?:[ -]\d+)*")
_SEPARATOR: Final = re.compile(r"[ -]")
_DOUBLED: Final = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_valid(digits: str) -> bool:
    """True if the (non-empty) decimal digit string passes the Luhn (mod 10) check."""
    if not digits.isdecimal():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        total += _DOUBLED[digit] if position % 2 else digit
    return total % 10 == 0


def _groups_hold_card_number(groups: list[str]) -> bool:
    for start in range(len(groups)):
        digits = ""
        for group in groups[start:]:
            digits += group
            if len(digits) > MAX_DIGITS:
                break
            if len(digits) >= MIN_DIGITS and luhn_valid(digits):
                return True
    return False


def text_has_card_number(text: str) -> bool:
    """True if `text` contains a card-number-like digit sequence (see module docstring)."""
    for run in _GROUP_RUN.finditer(text):
        groups = _SEPARATOR.split(run.group())
        if len(groups) == 1 and len(groups[0]) > MAX_DIGITS:
            continue
        if _groups_hold_card_number(groups):
            return True
    return False


def _integral_digits(number: Decimal) -> str | None:
    if not number.is_finite():
        return None
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    text = "".join(map(str, digits))
    if exponent >= 0:
        return text + "0" * exponent if len(text) + exponent <= MAX_DIGITS else None
    integral, fraction = text[:exponent], text[exponent:]
    return integral if not fraction.strip("0") else None


def number_is_card_number(number: Decimal) -> bool:
    """True if the number is an integer of 13 to 19 digits passing Luhn (sign ignored)."""
    digits = _integral_digits(number)
    return digits is not None and MIN_DIGITS <= len(digits.lstrip("0")) <= MAX_DIGITS and luhn_valid(digits)


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def card_number_path(value: JsonValue, path: str = "") -> str | None:
    """Path of the first key or value in `value` that looks like a card number, else None.

    The top-level value itself has the path `path` ("" by default).
    """
    if isinstance(value, str):
        return path if text_has_card_number(value) else None
    if isinstance(value, Decimal):
        return path if number_is_card_number(value) else None
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = card_number_path(item, f"{path}[{index}]")
            if found is not None:
                return found
    elif isinstance(value, dict):
        for key, item in value.items():
            if text_has_card_number(key):
                return _child(path, KEY_PLACEHOLDER)
            found = card_number_path(item, _child(path, key))
            if found is not None:
                return found
    return None
