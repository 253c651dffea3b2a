"""WH-11 under hostile input: the fields of a `POST /webhook` body, fuzzed through the entry point.

Each body is validly signed and strict JSON, so the answer depends on its fields alone: the
four required fields, `created_at`, the amount as any JSON number (huge, tiny, exponents,
negative zero, beyond what `Decimal` holds) in any currency, and card numbers anywhere.
Each property states the exact answer of its input class, computed independently of the
handler (the amount by exact rational arithmetic on the token); `Outcome.check` adds what
holds for every answer (tests/hostile_webhook.py). The last tests remove one rule from the
handler and show that the same property then finds a counterexample.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Final

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fintech_common.currencies import MINOR_UNITS
from tests.hostile_webhook import (
    Case,
    Harness,
    accepted,
    body_of,
    check_case,
    first_violation,
    installed_harness,
    invalid_json,
    json_documents,
    signed,
    transaction_members,
    with_extra,
)
from tests.webhook_testkit import card_numbers, luhn_check_digit, minor_units_of
from tools.fuzz.oracles import MAX_MAJOR_UNITS, json_number_is_valid_amount

CURRENCIES: Final = sorted(MINOR_UNITS)
REQUIRED: Final = ("transaction_id", "amount", "currency", "status")
_TRANSACTION_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")  # the contract's pattern


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    yield from installed_harness()


# --- the fields ------------------------------------------------------------------------------------


@given(name=st.sampled_from(REQUIRED))
def test_a_missing_field_is_a_400_naming_it(harness: Harness, name: str) -> None:
    members = [(key, value) for key, value in transaction_members(amount="10") if key != name]
    check_case(harness, Case(body_of(*members), 400, "missing_field", name))


wrong_types = (
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.lists(json_documents, max_size=3)
).map(json.dumps)
ID_START: Final = string.ascii_letters + string.digits
long_ids = st.tuples(st.sampled_from(ID_START), st.text(ID_START + "_-", min_size=60, max_size=66)).map(
    "".join
)


@given(
    text=st.text(max_size=70) | long_ids,
    as_value=wrong_types,
    use_text=st.booleans(),
)
@example(text="txn 1", as_value="null", use_text=True)
@example(text="tx\u00e9", as_value="null", use_text=True)
@example(text="txn_1\n", as_value="null", use_text=True)
def test_a_transaction_id_is_accepted_only_in_the_contracts_pattern(
    harness: Harness, text: str, as_value: str, use_text: bool
) -> None:
    # GIVEN a transaction_id that is any string, or no string at all
    value = json.dumps(text) if use_text else as_value
    body = body_of(*transaction_members(transaction_id=value, amount="10"))
    valid = use_text and _TRANSACTION_ID.fullmatch(text) is not None
    if use_text and sum(char.isdecimal() for char in text) >= 13:  # may hold a card number: refused as one
        outcome = harness.call(signed(body))
        allowed = {202, 400} if valid else {400}
        outcome.check(allowed, raw=body, errors={"invalid_field", "card_number"}, field="transaction_id")
    else:
        check_case(harness, accepted(body) if valid else Case(body, 400, "invalid_field", "transaction_id"))


WITHDRAWN_OR_NOT_MONEY: Final = [
    "HRK",
    "BGN",
    "SLL",
    "CUC",
    "ZWL",
    "ANG",
    "XAU",
    "XXX",
    "XTS",
    "XDR",
    "EURO",
    "US",
    "",
]


@given(
    code=st.sampled_from(CURRENCIES) | st.sampled_from(WITHDRAWN_OR_NOT_MONEY) | st.text(max_size=4),
    mangle=st.sampled_from(["", "lower", "space", "value"]),
)
def test_a_currency_is_accepted_only_as_an_active_upper_case_iso_4217_code(
    harness: Harness, code: str, mangle: str
) -> None:
    text = {"": code, "lower": code.lower(), "space": f" {code}", "value": code}[mangle]
    value = json.dumps({"code": code}) if mangle == "value" else json.dumps(text)
    body = body_of(*transaction_members(currency=value, amount="10"))
    valid = mangle != "value" and text in MINOR_UNITS
    check_case(harness, accepted(body) if valid else Case(body, 400, "invalid_field", "currency"))


@given(
    status=st.sampled_from(["pending", "completed", "failed"])
    | st.sampled_from(["Pending", "COMPLETED", "failed ", "refunded", ""])
    | st.text(max_size=10),
    as_list=st.booleans(),
)
def test_a_status_is_accepted_only_from_the_enum(harness: Harness, status: str, as_list: bool) -> None:
    value = json.dumps([status] if as_list else status)
    body = body_of(*transaction_members(status=value))
    valid = not as_list and status in {"pending", "completed", "failed"}
    check_case(harness, accepted(body) if valid else Case(body, 400, "invalid_field", "status"))


@given(
    created_at=st.sampled_from(
        [
            "2026-11-23T10:00:00Z",
            "2026-11-23t10:00:00z",
            "2026-11-23T10:00:00.123456789Z",
            "2026-11-23T10:00:00+00:00",
            "2026-11-23T10:00:00-00:00",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ]
    ).map(lambda text: (text, True))
    | st.sampled_from(
        [
            "2026-11-23T10:00:00+01:00",
            "2026-11-23T10:00:00",
            "2026-11-23 10:00:00Z",
            "2026-02-30T10:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-12-31T23:59:60Z",
            "0000-01-01T00:00:00Z",
            "2026-11-23T10:00:00.Z",
            "1795428000",
            "",
            "\uff12\uff10\uff12\uff16-11-23T10:00:00Z",
        ]
    ).map(lambda text: (text, False))
)
def test_created_at_is_accepted_only_as_an_rfc_3339_utc_date_time(
    harness: Harness, created_at: tuple[str, bool]
) -> None:
    text, valid = created_at
    body = body_of(*transaction_members(), ("created_at", json.dumps(text)))
    check_case(harness, accepted(body) if valid else Case(body, 400, "invalid_field", "created_at"))


# --- numbers ---------------------------------------------------------------------------------------

EDGE_NUMBERS: Final = [
    "1e400",
    "1E-400",
    "-0",
    "0e0",
    "0.0",
    "-0.0",
    "0E+0",
    "1e-2",
    "100e-2",
    "1E+2",
    "0.01",
    "1.5000000",
    "15E-1",
    "999999999999",
    "999999999999.99",
    "999999999999.9999",
    "1000000000000",
    "1E+11",
    "9.99999999999E+11",
    "1e007",
    "1" + "0" * 4000,
    "0." + "0" * 4000 + "1",
    "1e999999999999999999",
    "1e-1999999999999999997",
]
NOT_JSON_NUMBERS: Final = [
    "NaN",
    "Infinity",
    "-Infinity",
    "+1",
    ".5",
    "1.",
    "01",
    "-01",
    "0x10",
    "1e",
    "1e+",
    "--1",
    "1_000",
    "\uff11",
    "\u0663",
    "1.5.5",
    "1,5",
    "- 1",
    "1e1.5",
]
OUT_OF_RANGE: Final = [
    "1e1000000000000000000",
    "1E-1999999999999999998",
    "-1e99999999999999999999",
    "5e+1000000000000000000000",
]
NOT_NUMBERS: Final = [
    '"10.50"',
    '"1e400"',
    '"NaN"',
    "true",
    "false",
    "null",
    "[10.5]",
    '{"value": 10.5}',
    '""',
]


@st.composite
def json_numbers(draw: st.DrawFn) -> str:
    """A JSON number token: sign, integral part, fraction, exponent (with leading zeros) all varied."""
    sign = draw(st.sampled_from(["", "-"]))
    integral = str(
        draw(st.integers(0, 10**13) | st.sampled_from([0, 1, 10, MAX_MAJOR_UNITS, MAX_MAJOR_UNITS + 1]))
    )
    fraction = draw(st.none() | st.text("0123456789", min_size=1, max_size=8))
    token = sign + integral + ("" if fraction is None else "." + fraction)
    if draw(st.booleans()):
        exponent = draw(st.integers(-40, 40))
        padding = "0" * draw(st.integers(0, 2))
        token += (
            draw(st.sampled_from("eE"))
            + ("-" if exponent < 0 else draw(st.sampled_from(["", "+"])))
            + padding
            + str(abs(exponent))
        )
    return token


def amount_case(token: str, kind: str, currency: str) -> Case:
    body = body_of(*transaction_members(amount=token, currency=json.dumps(currency)))
    if kind in {"not_json", "out_of_range"}:
        return invalid_json(body)
    if kind == "number" and json_number_is_valid_amount(token, minor_units_of(currency)):
        return accepted(body)
    return Case(body, 400, "invalid_field", "amount")


amount_tokens = (
    json_numbers().map(lambda token: (token, "number"))
    | st.sampled_from(EDGE_NUMBERS).map(lambda token: (token, "number"))
    | st.sampled_from(NOT_JSON_NUMBERS).map(lambda token: (token, "not_json"))
    | st.sampled_from(OUT_OF_RANGE).map(lambda token: (token, "out_of_range"))
    | st.sampled_from(NOT_NUMBERS).map(lambda token: (token, "not_a_number"))
)


def amount_is_answered_as_documented(harness: Harness, amount: tuple[str, str], currency: str) -> None:
    """The property below, as a function the counterexample test can run with a rule removed."""
    case = amount_case(*amount, currency)
    outcome = harness.call(signed(case.raw))
    if case.status == 400 and case.field == "amount":
        # a 13-to-19-digit integral amount passing Luhn is refused as a card number first
        outcome.check({400}, errors={"invalid_field", "card_number"}, field="amount")
    elif case.status == 400:
        outcome.check({400}, errors={"invalid_json"}, field=None)
    else:
        outcome.check({202}, raw=case.raw)


@given(amount=amount_tokens, currency=st.sampled_from(CURRENCIES))
@example(amount=("1e1000000000000000000", "out_of_range"), currency="EUR")  # crashed the handler (500)
@example(amount=("10.001", "number"), currency="EUR")
@example(amount=("1.0001", "number"), currency="CLF")
@example(amount=("1.5", "number"), currency="JPY")
def test_an_amount_is_accepted_only_positive_bounded_and_in_whole_minor_units(
    harness: Harness, amount: tuple[str, str], currency: str
) -> None:
    amount_is_answered_as_documented(harness, amount, currency)


def card_sized(token: str) -> bool:
    """True if the number's integral part could have 13 to 19 digits (it could then be a card number)."""
    return 12 <= Decimal(token).adjusted() <= 18


@given(token=(json_numbers() | st.sampled_from(EDGE_NUMBERS)).filter(lambda token: not card_sized(token)))
def test_any_extra_number_is_published_exactly_as_sent(harness: Harness, token: str) -> None:
    # GIVEN an extra member holding any JSON number: huge, tiny, negative zero, long exponents
    check_case(harness, accepted(with_extra(f'[{token}, {{"n": {token}}}]')))


@given(token=st.sampled_from(OUT_OF_RANGE))
def test_an_exponent_decimal_cannot_hold_is_a_400_not_a_crash(harness: Harness, token: str) -> None:
    check_case(harness, invalid_json(with_extra(token)))


# --- card numbers ----------------------------------------------------------------------------------

positions = st.lists(st.sampled_from(["meta", "note", "items"]) | st.integers(0, 2), max_size=3)


def nested(path: list[str | int], leaf: str) -> tuple[str, str]:
    """JSON text holding `leaf` (raw JSON) at `path` under "extra", and that path as the handler names it."""
    text, where = leaf, ""
    for segment in reversed(path):
        text = "[" + "null," * segment + text + "]" if isinstance(segment, int) else f'{{"{segment}":{text}}}'
    for segment in path:
        where += f"[{segment}]" if isinstance(segment, int) else f".{segment}"
    return text, "extra" + where


@st.composite
def card_bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    """A valid body with a card number (Luhn valid, 13-19 digits) somewhere under "extra", and its path."""
    card = draw(card_numbers())
    digits = card.replace(" ", "").replace("-", "")
    form = draw(st.sampled_from(["text", "embedded", "number", "key"]))
    leaf = {
        "text": json.dumps(card),
        "embedded": json.dumps(f"ref {card} end"),
        "number": digits,
        "key": json.dumps({card: 1}),
    }[form]
    text, where = nested(draw(positions), leaf)
    return with_extra(text), (f"{where}.<key>" if form == "key" else where)


def card_number_is_refused(harness: Harness, card: tuple[bytes, str]) -> None:
    body, where = card
    harness.call(signed(body)).check({400}, errors={"card_number"}, field=where)


@given(card=card_bodies())
def test_a_card_number_anywhere_is_a_400_naming_where(harness: Harness, card: tuple[bytes, str]) -> None:
    card_number_is_refused(harness, card)


@st.composite
def luhn_failing_digits(draw: st.DrawFn) -> str:
    length = draw(st.integers(13, 19))
    partial = draw(st.sampled_from("3456")) + draw(
        st.text("0123456789", min_size=length - 2, max_size=length - 2)
    )
    good = int(luhn_check_digit(partial))
    return partial + str((good + draw(st.integers(1, 9))) % 10)


@given(digits=luhn_failing_digits(), as_number=st.booleans())
def test_13_to_19_digits_failing_luhn_are_not_a_card_number(
    harness: Harness, digits: str, as_number: bool
) -> None:
    check_case(harness, accepted(with_extra(digits if as_number else json.dumps(digits))))


def test_without_the_luhn_check_the_card_property_finds_a_card_number_let_through(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the handler with card detection's Luhn check removed (nothing passes it)
    monkeypatch.setattr("fintech_common.cards.luhn_valid", lambda digits: False)
    # WHEN the card-number property runs
    body, _ = first_violation(card_bodies(), lambda card: card_number_is_refused(harness, card))
    # THEN it finds a body with a card number that is no longer refused
    assert harness.call(signed(body)).status == 202


def test_without_the_minor_units_check_the_amount_property_finds_an_amount_rounded_away(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the handler with the ISO 4217 minor-units check removed (every amount "has 0 places")
    monkeypatch.setattr("fintech_common.money.decimal_places", lambda amount: 0)
    # WHEN the amount property runs
    (token, kind), currency = first_violation(
        st.tuples(amount_tokens, st.sampled_from(CURRENCIES)),
        lambda case: amount_is_answered_as_documented(harness, *case),
    )
    # THEN it finds a number finer than its currency's minor unit that was accepted (and rounded)
    assert kind == "number"
    assert not json_number_is_valid_amount(token, minor_units_of(currency))
    assert (Fraction(Decimal(token)) * 10 ** minor_units_of(currency)).denominator != 1
