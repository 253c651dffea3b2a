"""Card-number detection: Luhn, separators, free text, numbers, nested values and keys."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fintech_common.cards import card_number_path, luhn_valid, number_is_card_number, text_has_card_number
from fintech_common.jsonparse import JsonValue, loads
from tests.webhook_testkit import card_numbers, nest_at, safe_json, safe_text

VISA_TEST = "4111111111111111"
FULL_WIDTH_VISA_TEST = "".join(chr(0xFF10 + int(digit)) for digit in VISA_TEST)


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        (VISA_TEST, True),
        ("4111111111111112", False),
        ("79927398713", True),
        ("378282246310005", True),
        ("6011111111111117", True),
        ("0", True),
        ("", False),
        ("12a4", False),
        ("4111 1111", False),
    ],
)
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_valid(digits) is valid


@pytest.mark.parametrize(
    "text",
    [
        VISA_TEST,
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "card: 4111 1111 1111 1111, thanks",
        "378282246310005",
        "6011-1111-1111-1117",
        "ref 12345 4111 1111 1111 1111",
        "4111-1111 1111-1111",
        FULL_WIDTH_VISA_TEST,
        "x4111111111111111y",
    ],
)
def test_text_with_a_card_number_is_detected(text: str) -> None:
    assert text_has_card_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "4111111111111112",
        "411111111111",
        "41111111111111111111111",
        "4111  1111  1111  1111",
        "4111_1111_1111_1111",
        "2026-11-23T10:00:00Z",
        "+44 20 7946 0958",
        "txn_20261123_0001",
        "",
        "no digits",
    ],
)
def test_text_without_a_card_number_is_not_flagged(text: str) -> None:
    assert not text_has_card_number(text)


@pytest.mark.parametrize(
    ("number", "is_card"),
    [
        (VISA_TEST, True),
        ("4111111111111111.00", True),
        ("4.111111111111111E+15", True),
        ("-4111111111111111", True),
        ("4111111111111111.5", False),
        ("4111111111111112", False),
        ("1E+400", False),
        ("411111111111", False),
        ("125.50", False),
        ("1E-400", False),
    ],
)
def test_numbers_count_by_their_integral_value(number: str, is_card: bool) -> None:
    assert number_is_card_number(Decimal(number)) is is_card


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ('{"note": "4111 1111 1111 1111"}', "note"),
        ('{"metadata": {"note": "pay 4111111111111111"}}', "metadata.note"),
        ('{"items": [1, {"pan": 4111111111111111}]}', "items[1].pan"),
        ('{"metadata": {"4111111111111111": "x"}}', "metadata.<key>"),
        ('{"4111-1111-1111-1111": 1}', "<key>"),
        ('{"a": [[["x", "4111111111111111"]]]}', "a[0][0][1]"),
    ],
)
def test_the_path_of_a_card_number_is_reported(document: str, path: str) -> None:
    assert card_number_path(loads(document)) == path


def test_a_card_number_key_is_never_echoed_in_the_path() -> None:
    path = card_number_path(loads('{"m": {"4111111111111111": 1}}'))
    assert path is not None and "4111" not in path


def test_a_clean_document_has_no_card_number() -> None:
    assert card_number_path(loads('{"transaction_id": "txn_1", "amount": 125.50, "tags": ["a", 12]}')) is None


segments = st.lists(
    st.one_of(safe_text.map(lambda key: f"k_{key}"), st.integers(0, 3)), min_size=1, max_size=6
)


def as_leaf(card: str, form: str) -> JsonValue:
    digits = card.replace(" ", "").replace("-", "")
    return {"text": card, "embedded": f"see {card} ok", "number": Decimal(digits)}[form]


@given(
    card=card_numbers(), path=segments, filler=safe_json, form=st.sampled_from(["text", "embedded", "number"])
)
def test_a_card_number_is_found_wherever_it_is(
    card: str, path: list[Any], filler: JsonValue, form: str
) -> None:
    # GIVEN a card number, as text, inside text, or as a number, deep inside a document
    document, expected = nest_at(["top", *path], as_leaf(card, form), filler)
    # WHEN the document is searched THEN the card number's path is reported
    assert card_number_path(document) == expected


@given(card=card_numbers(), parents=st.lists(safe_text.map(lambda key: f"k_{key}"), max_size=4))
def test_a_card_number_used_as_a_key_is_found(card: str, parents: list[str]) -> None:
    document: JsonValue = {card: "value"}
    for parent in reversed(parents):
        document = {parent: document}
    assert card_number_path(document) == ".".join([*parents, "<key>"])


@given(document=safe_json)
def test_values_without_long_digit_runs_are_never_flagged(document: JsonValue) -> None:
    assert card_number_path(document) is None
