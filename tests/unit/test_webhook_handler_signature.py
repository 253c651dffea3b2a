"""Signatures: parsing, constant-time verification, rotation and the 300 s window (WH-12)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policies.constants import SIGNATURE_TOLERANCE_SECONDS
from tests.webhook_signing import sign, sign_rotating
from webhook_handler.signature import (
    TOLERANCE_SECONDS,
    SignatureError,
    SignatureHeader,
    compute_signature,
    parse_signature_header,
    signature_header,
    verify_signature,
)

SECRET = "whsec_signature_tests"
BODY = b'{"transaction_id": "txn_1"}'
NOW = 1_795_428_000
HEX = "a" * 64


def verify(value: str, *, body: bytes = BODY, secret: str = SECRET, now: float = NOW) -> SignatureHeader:
    return verify_signature((value,), body=body, secret=lambda: secret, now=now)


def test_a_header_with_one_signature_is_parsed() -> None:
    assert parse_signature_header(f"t={NOW},v1={HEX}") == SignatureHeader(timestamp=NOW, signatures=(HEX,))


def test_a_header_with_several_signatures_keeps_them_all() -> None:
    header = parse_signature_header(f"t={NOW},v1={HEX},v1={'b' * 64}")
    assert header.signatures == (HEX, "b" * 64)


def test_unknown_schemes_and_spaces_are_tolerated() -> None:
    header = parse_signature_header(f" t={NOW}, v0=legacy ,v1={HEX},")
    assert header == SignatureHeader(timestamp=NOW, signatures=(HEX,))


@pytest.mark.parametrize(
    "value",
    [
        "",
        f"v1={HEX}",
        f"t={NOW}",
        f"t={NOW},t={NOW},v1={HEX}",
        f"t=abc,v1={HEX}",
        f"t=-5,v1={HEX}",
        f"t=0{NOW},v1={HEX}",
        f"t={NOW}.5,v1={HEX}",
        f"t=\uff11\uff12\uff13,v1={HEX}",
        f"t={NOW},{HEX}",
        f"t=1{'0' * 12},v1={HEX}",
        f"t={NOW}," + ",".join([f"v1={HEX}"] * 40),
    ],
)
def test_a_malformed_header_is_refused(value: str) -> None:
    with pytest.raises(SignatureError):
        parse_signature_header(value)


def test_a_signature_from_the_reference_signer_is_accepted() -> None:
    assert verify(sign(SECRET, BODY, NOW)).timestamp == NOW


def test_the_handler_signs_as_the_reference_signer_does() -> None:
    assert signature_header(SECRET, BODY, NOW) == sign(SECRET, BODY, NOW)


@pytest.mark.parametrize("current", ["whsec_old", "whsec_new"])
def test_during_rotation_either_secret_verifies(current: str) -> None:
    assert verify(sign_rotating(["whsec_old", "whsec_new"], BODY, NOW), secret=current)


def test_a_signature_made_with_another_secret_is_refused() -> None:
    with pytest.raises(SignatureError, match="does not match"):
        verify(sign("whsec_other", BODY, NOW))


@pytest.mark.parametrize(
    "candidate",
    ["", "a" * 63, "a" * 65, "A" * 64, "g" * 64, "é" * 64, "0x" + "a" * 62, " " + "a" * 63],
)
def test_a_signature_of_the_wrong_length_or_encoding_never_matches(candidate: str) -> None:
    with pytest.raises(SignatureError, match="does not match"):
        verify(f"t={NOW},v1={candidate}")


def test_upper_case_hex_of_the_right_signature_is_refused() -> None:
    right = compute_signature(SECRET, NOW, BODY)
    with pytest.raises(SignatureError, match="does not match"):
        verify(f"t={NOW},v1={right.upper()}")


@pytest.mark.parametrize(
    ("offset", "accepted"), [(-300, True), (-301, False), (300, True), (301, False), (0, True)]
)
def test_the_timestamp_must_be_within_300_seconds(offset: int, accepted: bool) -> None:
    # GIVEN a request signed `offset` seconds from the server's now
    value = sign(SECRET, BODY, NOW + offset)
    # WHEN it is verified THEN only a timestamp within 300 s either way passes
    if accepted:
        assert verify(value).timestamp == NOW + offset
    else:
        with pytest.raises(SignatureError, match="300 s"):
            verify(value)


def test_the_window_is_the_one_the_claims_registry_states() -> None:
    assert TOLERANCE_SECONDS == SIGNATURE_TOLERANCE_SECONDS == 300


def test_a_fraction_of_a_second_past_the_window_is_stale() -> None:
    with pytest.raises(SignatureError, match="300 s"):
        verify(sign(SECRET, BODY, NOW), now=NOW + 300.001)


def test_a_missing_header_is_refused() -> None:
    with pytest.raises(SignatureError, match="missing"):
        verify_signature((), body=BODY, secret=lambda: SECRET, now=NOW)


def test_two_different_signature_headers_are_refused() -> None:
    values = (sign(SECRET, BODY, NOW), sign(SECRET, BODY, NOW - 1))
    with pytest.raises(SignatureError, match="more than one"):
        verify_signature(values, body=BODY, secret=lambda: SECRET, now=NOW)


@pytest.mark.parametrize("value", ["garbage", f"t={NOW - 1000},v1={HEX}"])
def test_the_secret_is_not_read_for_a_malformed_or_stale_header(value: str) -> None:
    reads: list[int] = []

    def secret() -> str:
        reads.append(1)
        return SECRET

    with pytest.raises(SignatureError):
        verify_signature((value,), body=BODY, secret=secret, now=NOW)
    assert reads == []


@given(
    secret=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1),
    body=st.binary(),
    timestamp=st.integers(1, 10**12 - 1),
)
def test_compute_signature_matches_the_reference_signer(secret: str, body: bytes, timestamp: int) -> None:
    assert f"t={timestamp},v1={compute_signature(secret, timestamp, body)}" == sign(secret, body, timestamp)


@given(body=st.binary(min_size=1), position=st.integers(min_value=0), flip=st.integers(1, 255))
def test_any_change_to_the_body_is_refused(body: bytes, position: int, flip: int) -> None:
    # GIVEN a validly signed body WHEN one byte of it changes THEN the signature no longer verifies
    altered = bytearray(body)
    altered[position % len(altered)] ^= flip
    with pytest.raises(SignatureError, match="does not match"):
        verify(sign(SECRET, body, NOW), body=bytes(altered))
