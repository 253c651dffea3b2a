"""Strict JSON: Decimal numbers, nothing ambiguous accepted, bounded depth, exact re-encoding."""

from __future__ import annotations

import contextlib
import time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fintech_common.jsonparse import MAX_DEPTH, JsonError, JsonValue, canonical_dumps, dumps, loads


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1e400", "1E+400"),
        ("1e-400", "1E-400"),
        ("0.1", "0.1"),
        ("125.50", "125.50"),
        ("-0", "-0"),
        ("-0.0", "-0.0"),
        ("12345678901234567890123456789012345", "12345678901234567890123456789012345"),
        ("1E999999999999", "1E+999999999999"),
    ],
)
def test_numbers_are_decimals_exactly_as_written(text: str, number: str) -> None:
    parsed = loads(text)
    assert isinstance(parsed, Decimal)
    assert parsed.as_tuple() == Decimal(number).as_tuple()


def test_a_thousand_digit_integer_is_kept_whole() -> None:
    assert loads("9" * 1000) == Decimal("9" * 1000)


def test_no_float_ever_appears() -> None:
    parsed = loads('{"a": [1.5, 2, {"b": 3e2}]}')
    assert parsed == {"a": [Decimal("1.5"), Decimal(2), {"b": Decimal("3E+2")}]}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a": 1, "a": 1}', "duplicate key"),
        ('{"x": {"a": 1, "a": 2}}', "duplicate key"),
        ('[{"k": 1, "k": 1}]', "duplicate key"),
        ("NaN", "NaN"),
        ('{"a": Infinity}', "Infinity"),
        ("[-Infinity]", "Infinity"),
        ('"\\ud800"', "unpaired surrogate"),
        ('{"\\udfff": 1}', "unpaired surrogate"),
        ('"a\u0001b"', "control character"),
        ('"a\nb"', "control character"),
        ("\ufeff{}", "Expecting value"),
        ("{} x", "Extra data"),
        ("", "Expecting value"),
        ("{'a': 1}", "double quotes"),
        ("[1,]", "Expecting value"),
        ("01", "Extra data"),
        ("1e1000000000000000000", "exponent out of range"),
        ("[1E-1999999999999999998]", "exponent out of range"),
    ],
)
def test_ambiguous_or_invalid_json_is_refused(text: str, reason: str) -> None:
    with pytest.raises(JsonError, match=reason):
        loads(text)


def test_invalid_utf8_is_refused() -> None:
    with pytest.raises(JsonError, match="UTF-8"):
        loads(b'"\xff"')


def test_encoded_surrogates_in_utf8_are_refused() -> None:
    with pytest.raises(JsonError, match="UTF-8"):
        loads(b'"\xed\xa0\x80"')


def test_nesting_up_to_the_limit_is_accepted() -> None:
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_nesting_beyond_the_limit_is_refused(opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    with pytest.raises(JsonError, match="nested deeper than 32"):
        loads(opening * (MAX_DEPTH + 1) + "1" + closing * (MAX_DEPTH + 1))


def test_nesting_far_beyond_the_recursion_limit_is_refused_cleanly() -> None:
    with pytest.raises(JsonError, match="nested deeper"):
        loads("[" * 100_000)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    assert loads('{"a": "' + "[{" * 100 + '\\"' + '"}') == {"a": "[{" * 100 + '"'}


def test_a_custom_depth_limit_applies() -> None:
    with pytest.raises(JsonError, match="nested deeper than 2"):
        loads("[[[1]]]", max_depth=2)


def test_unterminated_strings_are_scanned_in_linear_time() -> None:
    # A 16 KiB body of escaped quotes with no closing quote: quadratic scanning would take seconds.
    started = time.perf_counter()
    with pytest.raises(JsonError):
        loads('"' + '\\"' * 8191)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "text",
    ['"caf\u00e9"', '"\\u00e9"', '"\\ud83d\\ude00"', '"\U0001f600"', '"\\u0000"', '"\u2028"', '"\x7f"'],
)
def test_unicode_and_escaped_control_characters_are_accepted(text: str) -> None:
    assert isinstance(loads(text), str)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (
            {"b": Decimal("1E+400"), "a": [Decimal("-0"), None, True, False]},
            '{"b":1E+400,"a":[-0,null,true,false]}',
        ),
        ({"é": "\U0001f600"}, '{"\\u00e9":"\\ud83d\\ude00"}'),
        (Decimal("125.50"), "125.50"),
        ({"x": "\u0000"}, '{"x":"\\u0000"}'),
    ],
)
def test_dumps_writes_compact_ascii_with_exact_numbers(value: JsonValue, text: str) -> None:
    assert dumps(value) == text


def test_canonical_dumps_sorts_keys() -> None:
    assert canonical_dumps({"b": Decimal(1), "a": {"d": None, "c": "x"}}) == '{"a":{"c":"x","d":null},"b":1}'


def test_dumps_refuses_floats() -> None:
    with pytest.raises(TypeError, match="float"):
        dumps({"amount": 1.5})  # type: ignore[dict-item]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_dumps_refuses_non_finite_decimals(number: str) -> None:
    with pytest.raises(ValueError, match="NaN or Infinity"):
        dumps(Decimal(number))


strict_values = st.recursive(
    st.none()
    | st.booleans()
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(blacklist_categories=["Cs"])),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@given(value=strict_values)
def test_dumps_then_loads_gives_back_the_same_value_digit_for_digit(value: JsonValue) -> None:
    restored = loads(dumps(value))
    assert dumps(restored) == dumps(value)
    assert restored == value


@given(value=strict_values)
def test_dumps_output_is_ascii(value: JsonValue) -> None:
    assert dumps(value).isascii()


@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_either_parse_or_raise_json_error(data: bytes) -> None:
    with contextlib.suppress(JsonError):
        loads(data)
