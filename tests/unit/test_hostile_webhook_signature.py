"""WH-12 under hostile input: the `X-Webhook-Signature` header, fuzzed through `lambda_handler`.

The body is always the same valid webhook; what varies is the header's name (case, placement
in `headers` or `multiValueHeaders`, near-miss names), its value (elements in any order,
padding, `t` and `v1` malformed, uppercase, truncated or re-encoded, several `v1`, unknown
schemes, over-long) and the server's clock around the 300 s tolerance. The expected answer is
decided from how each header was built, not by parsing it again: 202 only for exactly one
well-formed `t`, at least one correct `v1`, every element `key=value`, at most 2048
characters, `t` within 300 s of now; otherwise 401 naming the header. The last test removes
the tolerance check and shows the timestamp property then finds a stale request accepted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.hostile_webhook import (
    HEADER,
    Harness,
    body_of,
    first_violation,
    installed_harness,
    proxy_event,
    signed,
    transaction_members,
)
from tests.webhook_signing import sign
from tests.webhook_testkit import SECRET, SIGNED_AT

VALID: Final = body_of(*transaction_members())
GOOD_V1: Final = sign(SECRET, VALID, SIGNED_AT).split("v1=")[1]
GOOD_HEADER: Final = sign(SECRET, VALID, SIGNED_AT)
NOW: Final = SIGNED_AT + 1.25
TOLERANCE_SECONDS: Final = 300  # the contract's window, restated
MAX_HEADER_LENGTH: Final = 2048


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    yield from installed_harness()


def check_signature(harness: Harness, event: dict[str, Any], *, accepted: bool, now: float = NOW) -> None:
    harness.call(event, now=now).check({202} if accepted else {401}, raw=VALID)


def with_header(value: str, name: str = HEADER) -> dict[str, Any]:
    return proxy_event(VALID.decode(), headers={"Content-Type": "application/json", name: value})


# --- the header's name and where it is -----------------------------------------------------------


@st.composite
def any_case(draw: st.DrawFn, name: str = HEADER) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    return "".join(char.upper() if flip else char.lower() for char, flip in zip(name, flips, strict=True))


NEAR_MISSES: Final = [
    f"{HEADER} ",
    f" {HEADER}",
    "X_Webhook_Signature",
    "XWebhookSignature",
    "X-Webhook-Signatures",
    "X-Webhook-Signature-V1",
    "Webhook-Signature",
    f"{HEADER}\x00",
    "X-Webhook\u2011Signature",  # non-breaking hyphen
    "Signature",
]
OTHER_SIGNATURE: Final = sign("whsec_another_secret", VALID, SIGNED_AT)


@given(
    name=any_case(), other=any_case(), placement=st.sampled_from(["headers", "multi", "both", "multi_twice"])
)
def test_the_signature_header_is_found_under_any_case_in_either_header_map(
    harness: Harness, name: str, other: str, placement: str
) -> None:
    headers: dict[str, Any] = {"Content-Type": "application/json"}
    multi: dict[str, Any] | None = None
    if placement in {"headers", "both"}:
        headers[name] = GOOD_HEADER
    if placement in {"multi", "both", "multi_twice"}:
        multi = {other: [GOOD_HEADER] * (2 if placement == "multi_twice" else 1)}
    event = proxy_event(VALID.decode(), headers=headers, multi_value_headers=multi)
    check_signature(harness, event, accepted=True)


@given(name=any_case(), other=any_case(), in_multi=st.booleans())
def test_two_different_signature_headers_are_a_401(
    harness: Harness, name: str, other: str, in_multi: bool
) -> None:
    # GIVEN the valid signature and a second, different value, under names differing only in case
    if in_multi:
        event = proxy_event(
            VALID.decode(), headers={}, multi_value_headers={name: [GOOD_HEADER, OTHER_SIGNATURE]}
        )
    else:
        event = proxy_event(
            VALID.decode(), headers={name: GOOD_HEADER}, multi_value_headers={other: [OTHER_SIGNATURE]}
        )
    check_signature(harness, event, accepted=False)


@given(
    name=st.sampled_from(NEAR_MISSES)
    | st.text(max_size=24).filter(lambda text: text.lower() != HEADER.lower())
)
def test_a_valid_signature_under_any_other_name_is_a_401(harness: Harness, name: str) -> None:
    check_signature(harness, with_header(GOOD_HEADER, name), accepted=False)


# --- the header's value ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Element:
    text: str
    kind: str  # t, t_bad, v1, v1_bad, other, empty, no_equals


T: Final = str(SIGNED_AT)
BAD_TIMESTAMPS: Final = [
    "0" + T,
    "+" + T,
    "-" + T,
    T + ".0",
    T + "000",  # 13 digits: the millisecond mistake
    T[:5] + " " + T[5:],
    "",
    "now",
    "1.795428e9",
    T.translate(str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")),
    str(SIGNED_AT + 1),  # well formed, but not the time that was signed
]
_DIGEST: Final = hmac.new(SECRET.encode(), f"{T}.".encode() + VALID, hashlib.sha256).digest()
BAD_SIGNATURES: Final = [
    GOOD_V1.upper(),
    GOOD_V1[:-1],
    GOOD_V1 + "0",
    GOOD_V1[:63] + "g",
    GOOD_V1[:32],
    GOOD_V1 * 2,
    base64.b64encode(_DIGEST).decode(),
    "sha256=" + GOOD_V1,
    GOOD_V1[:10] + " " + GOOD_V1[10:],
    GOOD_V1 + "\r\nX-Injected: 1",
    GOOD_V1 + "\x00",
    "",
    sign("whsec_another_secret", VALID, SIGNED_AT).split("v1=")[1],
    sign(SECRET, VALID + b" ", SIGNED_AT).split("v1=")[1],  # another body
]
OTHER_SCHEMES: Final = [
    "v0=" + GOOD_V1,
    "V1=" + GOOD_V1,
    "T=" + T,
    "x=y",
    "signature=" + GOOD_V1,
    "=" + GOOD_V1,
]
NO_EQUALS: Final = ["v1", "t", GOOD_V1, "v1:" + GOOD_V1, "garbage"]
PADDING: Final = st.sampled_from(["", " ", "\t", " \t "])

elements = st.one_of(
    st.just(Element(f"t={T}", "t")),
    st.sampled_from(BAD_TIMESTAMPS).map(lambda value: Element(f"t={value}", "t_bad")),
    st.just(Element(f"v1={GOOD_V1}", "v1")),
    st.sampled_from(BAD_SIGNATURES).map(lambda value: Element(f"v1={value}", "v1_bad")),
    st.sampled_from(OTHER_SCHEMES).map(lambda value: Element(value, "other")),
    st.integers(1, 2100).map(lambda size: Element("x=" + "a" * size, "other")),
    PADDING.map(lambda value: Element(value, "empty")),
    st.sampled_from(NO_EQUALS).map(lambda value: Element(value, "no_equals")),
)


@st.composite
def header_values(draw: st.DrawFn) -> tuple[str, bool]:
    """A header value from padded elements, and whether the contract accepts it (decided from the parts)."""
    parts = draw(st.lists(elements, max_size=8))
    if draw(st.booleans()):  # most headers should carry the right t and v1 somewhere
        at = draw(st.integers(0, len(parts)))
        parts[at:at] = [Element(f"t={T}", "t"), Element(f"v1={GOOD_V1}", "v1")]
        parts = draw(st.permutations(parts))
    value = ",".join(draw(PADDING) + part.text + draw(PADDING) for part in parts)
    kinds = [part.kind for part in parts]
    accepted = (
        len(value) <= MAX_HEADER_LENGTH
        and "no_equals" not in kinds
        and kinds.count("t") + kinds.count("t_bad") == 1
        and "t" in kinds
        and "v1" in kinds
    )
    return value, accepted


@given(header=header_values())
@example(header=(f"t={T},v1={GOOD_V1}", True))
@example(header=(f"  t={T} ,\tv1={GOOD_V1}\t", True))
@example(header=(f"v1={'0' * 64},v1={GOOD_V1},t={T}", True))
@example(header=(f"v1={GOOD_V1}", False))
@example(header=(f"t={T},t={T},v1={GOOD_V1}", False))
@example(header=(f"t={T},v1={GOOD_V1.upper()}", False))
def test_a_signature_header_is_accepted_only_when_well_formed_with_a_matching_v1(
    harness: Harness, header: tuple[str, bool]
) -> None:
    value, accepted = header
    check_signature(harness, with_header(value), accepted=accepted)


@given(value=st.text(max_size=200) | st.binary(max_size=100).map(lambda raw: raw.decode("latin-1")))
def test_a_header_value_of_any_text_is_a_401(harness: Harness, value: str) -> None:
    check_signature(harness, with_header(value), accepted=False)


# --- the clock -------------------------------------------------------------------------------------

skews = (
    st.integers(-3 * TOLERANCE_SECONDS, 3 * TOLERANCE_SECONDS)
    | st.sampled_from([-301, -300, 300, 301])
    | st.floats(-3 * TOLERANCE_SECONDS, 3 * TOLERANCE_SECONDS, allow_nan=False)
    | st.sampled_from([300.0000001, -300.0000001, 299.9999999])
)


def freshness_is_enforced(harness: Harness, skew: float) -> None:
    """Signed at SIGNED_AT, received at SIGNED_AT + skew: accepted iff |skew| <= 300 s, exactly."""
    now = SIGNED_AT + skew
    fresh = abs(Fraction(now) - SIGNED_AT) <= TOLERANCE_SECONDS  # on the clock value actually used
    check_signature(harness, signed(VALID), accepted=fresh, now=now)


@given(skew=skews)
@example(skew=300)
@example(skew=-300)
@example(skew=301)
@example(skew=-301)
def test_a_signature_is_accepted_within_300_seconds_either_way_and_a_401_beyond(
    harness: Harness, skew: float
) -> None:
    freshness_is_enforced(harness, skew)


def test_without_the_tolerance_check_the_clock_property_finds_a_stale_request_accepted(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the handler with the timestamp tolerance check removed
    monkeypatch.setattr("webhook_handler.signature.check_freshness", lambda header, *, now: None)
    # WHEN the clock property runs
    skew = first_violation(skews, lambda skew: freshness_is_enforced(harness, skew))
    # THEN it finds a request signed more than 300 s away from now that was accepted
    assert abs(skew) > TOLERANCE_SECONDS
    assert harness.call(signed(VALID), now=SIGNED_AT + skew).status == 202
