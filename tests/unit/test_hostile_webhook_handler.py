"""WH-11 under hostile input: the envelope, the size limit and the JSON of `POST /webhook`.

Proxy events go through `lambda_handler(event, context)`; every body is validly signed unless
the test says otherwise, so what is exercised is what comes after the signature. Each property
states the exact answer (status, error, field) of its input class; `Outcome.check`
(tests/hostile_webhook.py) adds what holds for every answer: never a 5xx, a JSON refusal naming
the field, and for a 202 one published event with no float in it that keeps the sender's
numbers digit for digit. The fields themselves are fuzzed in test_hostile_webhook_fields.py.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from typing import Any, Final

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.hostile_webhook import (
    HEADER,
    MAX_BODY_BYTES,
    Case,
    Harness,
    accepted,
    body_of,
    check_case,
    installed_harness,
    invalid_json,
    json_documents,
    no_digits,
    proxy_event,
    scalars,
    signed,
    transaction_members,
    with_extra,
)

VALID: Final = body_of(*transaction_members())


def test_the_hypothesis_profile_named_in_the_environment_is_in_force() -> None:
    # tox -e fuzz sets HYPOTHESIS_PROFILE=fuzz: every property here then runs tens of thousands of examples
    profile = os.environ.get("HYPOTHESIS_PROFILE", "default")
    assert settings().max_examples == settings.get_profile(profile).max_examples


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    yield from installed_harness()


# --- the envelope --------------------------------------------------------------------------------

header_values = st.text(max_size=80) | st.integers() | st.none() | st.lists(st.text(max_size=8), max_size=2)
header_names = st.sampled_from([HEADER, HEADER.lower(), HEADER.upper(), "Content-Type"]) | st.text(
    max_size=24
)
envelopes = st.fixed_dictionaries(
    {},
    optional={
        "body": st.none()
        | st.text(max_size=300)
        | st.binary(max_size=300).map(lambda raw: base64.b64encode(raw).decode("ascii"))
        | st.integers(MAX_BODY_BYTES - 2, MAX_BODY_BYTES * 2).map(lambda size: "{" * size)
        | st.integers()
        | st.floats()
        | st.lists(st.text(max_size=5), max_size=3)
        | st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
        "headers": st.none()
        | st.dictionaries(header_names, header_values, max_size=4)
        | st.text(max_size=20),
        "multiValueHeaders": st.none()
        | st.dictionaries(
            header_names, st.lists(st.text(max_size=80), max_size=3) | header_values, max_size=3
        ),
        "isBase64Encoded": st.sampled_from([True, False, "true", "True", 1, 0, None]),
    },
)


@given(fields=envelopes)
def test_an_unsigned_or_malformed_envelope_is_a_400_401_or_413(
    harness: Harness, fields: dict[str, Any]
) -> None:
    # GIVEN a proxy event whose body, headers and base64 flag are anything at all (never validly signed)
    event = proxy_event(None)
    for name in ("body", "headers", "multiValueHeaders", "isBase64Encoded"):
        event.pop(name)
    event.update(fields)
    # THEN it is refused: not text (400), too large (413) or not signed (401), and nothing is published
    harness.call(event).check(
        {400, 401, 413}, errors={"invalid_body", "invalid_signature", "payload_too_large"}
    )


# --- the size limit ------------------------------------------------------------------------------


def body_of_size(size: int, wide: bool) -> bytes:
    """A valid webhook body of exactly `size` bytes, padded with ASCII or with two-byte characters."""
    head, tail = body_of(*transaction_members(), ("pad", '""'))[:-2], b'"}'
    room = size - len(head) - len(tail)
    pad = ("é" * (room // 2) + "a" * (room % 2)) if wide else "a" * room
    raw = head + pad.encode("utf-8") + tail
    assert len(raw) == size
    return raw


sizes = st.integers(MAX_BODY_BYTES - 48, MAX_BODY_BYTES + 48) | st.sampled_from(
    [MAX_BODY_BYTES - 1, MAX_BODY_BYTES, MAX_BODY_BYTES + 1, 3 * MAX_BODY_BYTES]
)


@given(size=sizes, wide=st.booleans(), base64_encoded=st.booleans())
@example(size=MAX_BODY_BYTES, wide=False, base64_encoded=False)
@example(size=MAX_BODY_BYTES + 1, wide=True, base64_encoded=True)
def test_a_signed_body_is_accepted_up_to_16384_bytes_and_a_413_beyond(
    harness: Harness, size: int, wide: bool, base64_encoded: bool
) -> None:
    raw = body_of_size(size, wide)
    check_case(
        harness, Case(raw, 202) if size <= MAX_BODY_BYTES else Case(raw, 413), base64_encoded=base64_encoded
    )


@given(
    size=sizes, wide=st.booleans(), base64_encoded=st.booleans(), signature=st.none() | st.text(max_size=90)
)
def test_size_is_checked_before_the_signature(
    harness: Harness, size: int, wide: bool, base64_encoded: bool, signature: str | None
) -> None:
    # GIVEN a body near the limit with no valid signature
    raw = body_of_size(size, wide)
    body = base64.b64encode(raw).decode("ascii") if base64_encoded else raw.decode("utf-8")
    headers = {} if signature is None else {HEADER: signature}
    outcome = harness.call(proxy_event(body, headers=headers, base64_encoded=base64_encoded))
    # THEN over the limit it is a 413 whatever the signature, under it a 401
    outcome.check({413} if size > MAX_BODY_BYTES else {401})


# --- base64 ----------------------------------------------------------------------------------------


@st.composite
def base64_variants(draw: st.DrawFn) -> tuple[str, Any, bool]:
    """(body text, isBase64Encoded, whether that text is the exact standard base64 of VALID)."""
    standard = base64.b64encode(VALID).decode("ascii")
    variant = draw(st.sampled_from(["standard", "urlsafe", "unpadded", "wrapped", "spaced", "flag"]))
    if variant == "standard":
        return standard, True, True
    if variant == "urlsafe":
        return standard.replace("+", "-").replace("/", "_") + "-", True, False
    if variant == "unpadded":
        return base64.b64encode(VALID + b" " * draw(st.integers(1, 2))).decode().rstrip("="), True, False
    if variant == "wrapped":
        width = draw(st.integers(4, 76))
        return "\n".join(standard[i : i + width] for i in range(0, len(standard), width)), True, False
    if variant == "spaced":
        at = draw(st.integers(0, len(standard)))
        return (
            standard[:at] + draw(st.sampled_from([" ", "\t", "\r\n", "\x00", "="])) + standard[at:],
            True,
            False,
        )
    return standard, draw(st.sampled_from(["true", "True", 1, None, "yes"])), False


@given(variant=base64_variants())
def test_only_exact_standard_base64_flagged_true_decodes_to_the_signed_body(
    harness: Harness, variant: tuple[str, Any, bool]
) -> None:
    # GIVEN VALID's signature and its base64 text, sent exactly or altered, flagged true or otherwise
    body, flag, exact = variant
    event = proxy_event(body, headers={HEADER: signed(VALID)["headers"][HEADER]}, base64_encoded=flag)
    outcome = harness.call(event)
    # THEN the exact form is accepted; invalid base64 is a 400, a text body that is not VALID a 401
    if exact:
        outcome.check({202}, raw=VALID)
    else:
        outcome.check({400, 401}, errors={"invalid_body", "invalid_signature"})


# --- JSON ------------------------------------------------------------------------------------------

required = st.sampled_from(["transaction_id", "amount", "currency", "status"])


@given(key=required, same_value=st.booleans(), position=st.integers(0, 4), nested=st.booleans())
def test_a_duplicate_key_is_a_400(
    harness: Harness, key: str, same_value: bool, position: int, nested: bool
) -> None:
    members = transaction_members()
    if nested:
        body = with_extra('{"a":1,"b":{"a":2},"a":1}')
    else:
        value = dict(members)[key] if same_value else '"other"'
        members.insert(position, (key, value))
        body = body_of(*members)
    check_case(harness, invalid_json(body))


@given(depth=st.integers(1, 40), opening=st.sampled_from("[{"))
@example(depth=31, opening="[")
@example(depth=32, opening="{")
def test_nesting_is_accepted_up_to_32_levels_and_a_400_beyond(
    harness: Harness, depth: int, opening: str
) -> None:
    # GIVEN an extra member nested `depth` levels deep (the body itself is level 1)
    value = "[" * depth + "]" * depth if opening == "[" else '{"a":' * depth + "null" + "}" * depth
    body = with_extra(value)
    check_case(harness, accepted(body) if 1 + depth <= 32 else invalid_json(body))


def unpaired_surrogate(text: str) -> bool:
    """True if `text` holds a surrogate that is not the high half of a high-low pair or its low half."""
    index = 0
    while index < len(text):
        code = ord(text[index])
        if 0xD800 <= code <= 0xDBFF and index + 1 < len(text) and 0xDC00 <= ord(text[index + 1]) <= 0xDFFF:
            index += 2
            continue
        if 0xD800 <= code <= 0xDFFF:
            return True
        index += 1
    return False


def raw_json_string(text: str) -> str:
    """`text` as a JSON string with only `"` and `\\` escaped: control characters stay raw."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


hostile_text = st.text(
    alphabet=no_digits
    | st.characters(categories=["Cs"])
    | st.characters(max_codepoint=0x1F)
    | st.just("\ufeff"),
    max_size=24,
)


@given(text=hostile_text, escaped=st.booleans(), as_key=st.booleans())
@example(text="\ud800", escaped=True, as_key=False)
@example(text="\ud83d\ude00", escaped=True, as_key=True)
@example(text="\x00", escaped=False, as_key=False)
@example(text="\ufeff\u2028\u202e", escaped=False, as_key=True)
def test_any_unicode_is_accepted_unless_a_raw_control_character_or_unpaired_surrogate(
    harness: Harness, text: str, escaped: bool, as_key: bool
) -> None:
    # GIVEN text of any code points, written into an extra key or value escaped (\\uXXXX) or raw (UTF-8)
    literal = json.dumps(f"k_{text}") if escaped else raw_json_string(f"k_{text}")
    key, value = (literal, "true") if as_key else ('"extra"', literal)
    members = ",".join(f"{json.dumps(name)}:{text}" for name, text in transaction_members())
    body = ("{" + members + f",{key}:{value}" + "}").encode("utf-8", "surrogatepass")
    if escaped:
        refused = unpaired_surrogate(text)  # a \\uXXXX pair is one character; half a pair is nothing
    else:
        refused = any(0xD800 <= ord(c) <= 0xDFFF or ord(c) < 0x20 for c in text)  # not UTF-8, or not strict
    case = invalid_json(body) if refused else accepted(body)
    check_case(harness, case, base64_encoded=not escaped)


@given(at=st.sampled_from(["start", "in_string", "utf16", "utf32"]), base64_encoded=st.booleans())
def test_a_byte_order_mark_is_refused_except_inside_a_string(
    harness: Harness, at: str, base64_encoded: bool
) -> None:
    if at == "start":
        check_case(harness, invalid_json(b"\xef\xbb\xbf" + VALID), base64_encoded=base64_encoded)
    elif at == "in_string":
        check_case(harness, accepted(with_extra('"\ufeffnote"')), base64_encoded=base64_encoded)
    else:
        check_case(
            harness, invalid_json(VALID.decode().encode(at.replace("utf", "utf-"))), base64_encoded=True
        )


JSON_WHITESPACE: Final = [" ", "\t", "\n", "\r", "  \r\n\t"]
OTHER_WHITESPACE: Final = ["\u00a0", "\u2028", "\u3000", "\x0b", "\x0c", "\ufeff", "\x85"]


@given(data=st.data())
def test_only_json_whitespace_is_allowed_between_tokens(harness: Harness, data: st.DataObject) -> None:
    # GIVEN the valid body's tokens separated by whitespace, JSON's own or other Unicode spaces
    tokens = ["{"]
    for index, (key, value) in enumerate(transaction_members()):
        tokens += ([","] if index else []) + [json.dumps(key), ":", value]
    tokens.append("}")
    gaps = data.draw(
        st.lists(
            st.sampled_from(["", *JSON_WHITESPACE, *OTHER_WHITESPACE]),
            min_size=len(tokens) + 1,
            max_size=len(tokens) + 1,
        )
    )
    body = "".join(gap + token for gap, token in zip(gaps, [*tokens, ""], strict=True)).encode("utf-8")
    case = invalid_json(body) if set(gaps) & set(OTHER_WHITESPACE) else accepted(body)
    check_case(harness, case, base64_encoded=True)


@given(
    token=st.sampled_from(["NaN", "Infinity", "-Infinity", "nan", "inf", "-NaN", "+Infinity"]),
    nested=st.booleans(),
)
def test_nan_and_infinity_tokens_are_a_400_anywhere(harness: Harness, token: str, nested: bool) -> None:
    check_case(harness, invalid_json(with_extra(f"[{token}]" if nested else token)))


@given(token=st.sampled_from(['"NaN"', '"Infinity"', '"-Infinity"', '"nan"']))
def test_nan_and_infinity_as_strings_are_only_strings(harness: Harness, token: str) -> None:
    check_case(harness, accepted(with_extra(token)))
    check_case(harness, Case(body_of(*transaction_members(amount=token)), 400, "invalid_field", "amount"))


@given(
    trailer=st.sampled_from(["x", "{}", "]", "}", ",", "\x00", "null", "//", "\u00a0"])
    | st.sampled_from(JSON_WHITESPACE)
)
def test_anything_but_whitespace_after_the_object_is_a_400(harness: Harness, trailer: str) -> None:
    body = VALID + trailer.encode("utf-8")
    check_case(harness, accepted(body) if trailer in JSON_WHITESPACE else invalid_json(body))


@given(value=scalars | st.lists(json_documents, max_size=3))
def test_a_body_that_is_not_an_object_is_a_400(harness: Harness, value: Any) -> None:
    check_case(harness, invalid_json(json.dumps(value).encode()))
