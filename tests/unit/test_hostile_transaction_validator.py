"""TX-10 under hostile input: `transaction_validator`'s entry point with any payload the runtime can pass.

The Lambda runtime parses an invocation payload with the standard library's `json.loads`
before the handler runs: `NaN`, `Infinity` and `1e400` arrive as floats, `1E-400` as 0.0, a
duplicate key keeps its last value, `"\\ud800"` is a lone surrogate. So every payload here is
JSON text, parsed that way, then handed to `lambda_handler(event, context)`.

The only outcome allowed is a verdict `{"valid", "errors", "transaction_id"}` that agrees with
an oracle written from TX-10 (not from `rules.py`): valid exactly when the four fields are
valid and there is no other; one error per wrong field, naming it (or `$` for a key that is not
a safe name); never `internal_error`, which would mean the handler caught a crash of its own; no
float, no NaN, no lone surrogate in the verdict; and no long value of the request, card numbers
above all, echoed in the verdict or the log line.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import pytest
from hypothesis import event as event_class
from hypothesis import example, given
from hypothesis import strategies as st

from tests.hostile_webhook import first_violation, floats_in
from tests.webhook_testkit import card_numbers
from tools.fuzz.oracles import MAX_MAJOR_UNITS, fixed_point_is_valid_amount
from transaction_validator.handler import lambda_handler

FIELDS: Final = ("transaction_id", "amount", "account_id", "type")
TYPES: Final = ("payment", "refund", "transfer")
FINEST_MINOR_UNIT: Final = 4  # ISO 4217's finest (CLF, UYW): the request names no currency
_IDENTIFIER: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_SAFE_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
ECHO_LENGTH: Final = 13  # values this long are never repeated back (a card number is 13 to 19 digits)


def amount_text_is_valid(text: str) -> bool:
    """TX-10's amount: fixed-point text, positive, at most 999 999 999 999, at most 4 decimal places."""
    return fixed_point_is_valid_amount(text, FINEST_MINOR_UNIT)


def identifier_is_valid(value: object) -> bool:
    return isinstance(value, str) and _IDENTIFIER.fullmatch(value) is not None


def may_hold_card_number(value: object) -> bool:
    return isinstance(value, str) and sum(char.isdecimal() for char in value) >= 13


FIELD_IS_VALID: Final[dict[str, Callable[[object], bool]]] = {
    "transaction_id": identifier_is_valid,
    "amount": lambda value: isinstance(value, str) and amount_text_is_valid(value),
    "account_id": identifier_is_valid,
    "type": lambda value: isinstance(value, str) and value in TYPES,
}


# --- payloads: JSON text as the runtime receives it ------------------------------------------------

identifiers = st.tuples(
    st.sampled_from(string.ascii_letters + string.digits),
    st.text(string.ascii_letters + string.digits + "_-", max_size=70),
).map("".join)
amount_texts = st.builds(
    lambda integral, fraction: str(integral) + ("" if fraction is None else "." + fraction),
    st.integers(0, 10**13),
    st.none() | st.text(string.digits, max_size=6),
)
HOSTILE_AMOUNTS: Final = [
    "1e400",
    "1E-400",
    "-0",
    "0e0",
    "NaN",
    "Infinity",
    "-1.00",
    "+1.00",
    "1.",
    ".",
    ".5",
    "01.00",
    "1,000.00",
    " 1.00",
    "1.00 ",
    "1.00\n",
    "1_000",
    "\uff11",
    "\u0663",
    "0x10",
    "1.00000",
    "0.0000",
    "0.0001",
    "999999999999.9999",
    "1000000000000",
    "",
    "\ufeff1",
    "1.0\x00",
]
RAW_NUMBERS: Final = [
    "10.50",
    "10",
    "1e400",
    "-1e400",
    "1E-400",
    "-0",
    "-0.0",
    "0e0",
    "NaN",
    "Infinity",
    "-Infinity",
    "9" * 4000,
    "0.1",
]
strings = (
    st.text(max_size=20)
    | st.text(st.characters(codec=None), max_size=8)  # lone surrogates, sent as \\udXXX escapes
    | st.sampled_from(["", " ", "payment ", "PAYMENT", "Refund", "transfer\x00", "txn 1", "txn_1\n"])
)
other_values = (
    st.sampled_from(RAW_NUMBERS)
    | st.sampled_from(["true", "false", "null", "[]", "{}", '["10.50"]', '{"amount": "10.50"}'])
    | st.integers(1, 200).map(lambda depth: "[" * depth + "]" * depth)
)


def quoted(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return values.map(json.dumps)


VALUE_TOKENS: Final = {
    "transaction_id": quoted(identifiers | strings) | other_values,
    "amount": quoted(
        amount_texts | st.sampled_from(HOSTILE_AMOUNTS) | st.text("0123456789.-+eE ", max_size=16)
    )
    | other_values,
    "account_id": quoted(identifiers | strings) | other_values,
    "type": quoted(st.sampled_from(TYPES) | strings) | other_values,
}
extra_keys = (
    st.text(max_size=12)
    | st.sampled_from(["amount ", "Amount", "currency", "__proto__", "$"])
    | card_numbers()
)


@dataclass(frozen=True)
class Payload:
    text: str  # the JSON the runtime receives


VALID_TOKENS: Final = {
    "transaction_id": quoted(identifiers.filter(identifier_is_valid)),
    "amount": quoted(
        st.builds(
            lambda integral, fraction: str(integral) + ("" if fraction is None else "." + fraction),
            st.integers(1, MAX_MAJOR_UNITS),
            st.none() | st.text(string.digits, min_size=1, max_size=FINEST_MINOR_UNIT),
        )
        | st.text(string.digits, min_size=1, max_size=FINEST_MINOR_UNIT)
        .filter(lambda fraction: fraction.strip("0") != "")
        .map(lambda fraction: "0." + fraction)
    ),
    "account_id": quoted(identifiers.filter(identifier_is_valid)),
    "type": quoted(st.sampled_from(TYPES)),
}


@st.composite
def payloads(draw: st.DrawFn) -> Payload:
    """A JSON object: a valid request with at most one field changed, or anything at all.

    In the second form each field may be missing or hold any value, a field may be repeated
    (the runtime keeps the last value) and extra members may appear anywhere.
    """
    members: list[tuple[str, str]] = []
    if draw(st.booleans()):
        members = [(name, draw(VALID_TOKENS[name])) for name in FIELDS]
        if draw(st.booleans()):
            changed = draw(st.integers(0, len(FIELDS) - 1))
            members[changed] = (FIELDS[changed], draw(VALUE_TOKENS[FIELDS[changed]]))
        return Payload("{" + ", ".join(f"{json.dumps(key)}: {token}" for key, token in members) + "}")
    for name in FIELDS:
        if draw(st.integers(0, 9)):  # present nine times in ten
            members.append((name, draw(VALUE_TOKENS[name])))
    for _ in range(draw(st.integers(0, 2))):
        if members:
            name, _token = draw(st.sampled_from(members))
            members.append((name, draw(VALUE_TOKENS[name])))
    for key in draw(st.lists(extra_keys, max_size=3)):
        members.append((key, draw(other_values | quoted(strings))))
    order = draw(st.permutations(members))
    return Payload("{" + ", ".join(f"{json.dumps(key)}: {token}" for key, token in order) + "}")


# --- the one allowed outcome -----------------------------------------------------------------------


def long_values(value: Any) -> set[str]:
    """Every string of at least ECHO_LENGTH characters in `value`, keys included."""
    if isinstance(value, str):
        return {value} if len(value) >= ECHO_LENGTH else set()
    if isinstance(value, dict):
        return set().union(*(long_values(key) | long_values(item) for key, item in value.items()))
    if isinstance(value, list):
        return set().union(*(long_values(item) for item in value))
    return set()


def invoke(event: object) -> tuple[dict[str, Any], str]:
    """The handler's verdict and the log line it wrote."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        verdict = lambda_handler(event, None)
    return verdict, output.getvalue()


def check_verdict(event: object) -> None:
    verdict, log = invoke(event)
    event_class("valid" if verdict["valid"] else "refused")
    # a well-formed verdict, serialisable as the runtime does it: no float, no NaN, no lone surrogate
    assert set(verdict) == {"valid", "errors", "transaction_id"}
    assert floats_in(verdict) == []
    json.dumps(verdict, ensure_ascii=False, allow_nan=False).encode("utf-8")
    errors = [(error["field"], error["code"]) for error in verdict["errors"]]
    assert all(set(error) == {"field", "code", "message"} for error in verdict["errors"])
    assert ("$", "internal_error") not in errors
    assert verdict["valid"] is (errors == [])
    # no message repeats a long value sent; the log line holds only the id, names and codes
    sent = long_values(event)
    assert not any(value in error["message"] for error in verdict["errors"] for value in sent)
    logged = json.loads(log)
    assert logged["transaction_id"] == verdict["transaction_id"]
    assert logged["errors"] == [f"{field}:{code}" for field, code in errors]
    if not isinstance(event, dict):
        assert errors == [("$", "not_an_object")]
        return
    expected_fields = {name: FIELD_IS_VALID[name](event[name]) if name in event else None for name in FIELDS}
    for name, valid in expected_fields.items():
        found = [code for field, code in errors if field == name]
        if valid is None:
            assert found == ["missing_field"], (name, errors)
        elif may_hold_card_number(event[name]):
            assert found in ([[]] if valid else [["invalid_field"]]) + [["card_number"]], (name, errors)
        else:
            assert found == ([] if valid else ["invalid_field"]), (name, event[name], errors)
    extras = [key for key in event if key not in FIELDS]
    assert sorted(code for field, code in errors if field not in FIELDS) == ["unexpected_field"] * len(extras)
    for key in extras:  # named if a safe name; a name that may be a card number may be withheld
        named = {key} if _SAFE_KEY.fullmatch(key) else set()
        names = named | {"$"} if may_hold_card_number(key) or not named else named
        assert any((name, "unexpected_field") in errors for name in names), (key, errors)
    transaction_id = event.get("transaction_id")
    named = isinstance(transaction_id, str) and not any(field == "transaction_id" for field, _ in errors)
    assert verdict["transaction_id"] == (transaction_id if named else None)


@given(payload=payloads())
@example(
    payload=Payload('{"transaction_id": "t1", "amount": "10.50", "account_id": "a1", "type": "payment"}')
)
@example(payload=Payload('{"transaction_id": "t1", "amount": 1e400, "account_id": "a1", "type": "refund"}'))
@example(payload=Payload('{"transaction_id": "t1", "amount": NaN, "account_id": "a1", "type": "refund"}'))
@example(
    payload=Payload('{"transaction_id": "\\ud800", "amount": "1E-400", "account_id": "a1", "type": "x"}')
)
@example(
    payload=Payload(
        '{"amount": "0.0001", "amount": "10", "transaction_id": "t", "account_id": "a", "type": "refund"}'
    )
)
def test_any_json_payload_gets_exactly_the_verdict_tx10_gives_it(payload: Payload) -> None:
    check_verdict(json.loads(payload.text))


@given(
    value=st.sampled_from(
        ["[]", '"payment"', "1e400", "NaN", "null", "true", "-0", '"\\udfff"', '[{"amount": "1"}]']
    )
    | st.integers(1, 300).map(lambda depth: "[" * depth + "]" * depth)
)
def test_a_payload_that_is_not_an_object_is_refused_as_such(value: str) -> None:
    check_verdict(json.loads(value))


def card_number_is_refused_unechoed(field: str, card: str) -> None:
    event = {
        "transaction_id": "txn_1",
        "amount": "10.50",
        "account_id": "acct_1",
        "type": "payment",
        field: card,
    }
    verdict, log = invoke(event)
    assert (field, "card_number") in [(error["field"], error["code"]) for error in verdict["errors"]]
    assert card not in json.dumps(verdict) and card not in log
    check_verdict(event)


@given(field=st.sampled_from(FIELDS), card=card_numbers())
def test_a_card_number_in_any_field_is_refused_and_never_echoed(field: str, card: str) -> None:
    card_number_is_refused_unechoed(field, card)


def test_without_the_card_check_the_card_property_finds_a_card_number_let_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN the validator with its card-number check removed
    monkeypatch.setattr("transaction_validator.rules.text_has_card_number", lambda text: False)
    # WHEN the card property runs
    field, card = first_violation(
        st.tuples(st.sampled_from(FIELDS), card_numbers()),
        lambda case: card_number_is_refused_unechoed(*case),
    )
    # THEN it finds a card number in a field that is no longer refused as one
    verdict, _ = invoke(
        {"transaction_id": "t1", "amount": "1", "account_id": "a1", "type": "refund", field: card}
    )
    assert (field, "card_number") not in [(error["field"], error["code"]) for error in verdict["errors"]]
