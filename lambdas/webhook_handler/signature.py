"""Webhook signatures (WH-12).

Header: `X-Webhook-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]` where each `v1` is the
lowercase hex HMAC-SHA256 of `"<t>.<raw body>"` keyed with the signing secret (UTF-8). A sender
rotating its secret sends one `v1` per secret; any one matching is enough. Comparison is
constant-time, and `t` must be within `TOLERANCE_SECONDS` of now in either direction, so a
captured request cannot be replayed later. Unknown schemes (`v0=...`) are ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

HEADER: Final = "X-Webhook-Signature"
TOLERANCE_SECONDS: Final = 300
MAX_HEADER_LENGTH: Final = 2048

_TIMESTAMP: Final = re.compile(r"[1-9][0-9]{0,11}", re.ASCII)  # canonical decimal, no sign, no leading zero
_HEX_SHA256: Final = re.compile(r"[0-9a-f]{64}", re.ASCII)


class SignatureError(ValueError):
    """The signature is missing, malformed, stale or wrong; the message says which (never the value)."""


@dataclass(frozen=True, slots=True)
class SignatureHeader:
    timestamp: int
    signatures: tuple[str, ...]  # the v1 values, as sent


def parse_signature_header(value: str) -> SignatureHeader:
    """`t` (exactly one) and the `v1` values (at least one) of a header value, else SignatureError."""
    if len(value) > MAX_HEADER_LENGTH:
        raise SignatureError("signature header too long")
    timestamps: list[str] = []
    signatures: list[str] = []
    for element in value.split(","):
        element = element.strip(" \t")
        if not element:
            continue
        scheme, separator, content = element.partition("=")
        if not separator:
            raise SignatureError("signature header elements must be key=value")
        if scheme == "t":
            timestamps.append(content)
        elif scheme == "v1":
            signatures.append(content)
    if len(timestamps) != 1 or not _TIMESTAMP.fullmatch(timestamps[0]):
        raise SignatureError("signature header needs exactly one t=<unix seconds>")
    if not signatures:
        raise SignatureError("signature header has no v1 signature")
    return SignatureHeader(timestamp=int(timestamps[0]), signatures=tuple(signatures))


def check_freshness(header: SignatureHeader, *, now: float, tolerance: int = TOLERANCE_SECONDS) -> None:
    """SignatureError unless |now - t| <= tolerance."""
    if abs(now - header.timestamp) > tolerance:
        raise SignatureError(f"signature timestamp is more than {tolerance} s from the server's time")


def compute_signature(secret: str, timestamp: int, body: bytes) -> str:
    """Lowercase hex HMAC-SHA256(secret, "<timestamp>.<body>")."""
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signature_matches(header: SignatureHeader, *, secret: str, body: bytes) -> bool:
    """True if any well-formed v1 equals the expected signature (each compared in constant time)."""
    expected = compute_signature(secret, header.timestamp, body)
    matched = False
    for candidate in header.signatures:
        if _HEX_SHA256.fullmatch(candidate) and hmac.compare_digest(expected, candidate):
            matched = True
    return matched


def verify_signature(
    values: tuple[str, ...], *, body: bytes, secret: Callable[[], str], now: float
) -> SignatureHeader:
    """The verified header, else SignatureError.

    `values` are the request's distinct X-Webhook-Signature values. `secret` is only called
    once the header is well formed and fresh, so garbage never costs a secret lookup.
    """
    if not values:
        raise SignatureError(f"missing {HEADER} header")
    if len(values) > 1:
        raise SignatureError(f"more than one {HEADER} header")
    header = parse_signature_header(values[0])
    check_freshness(header, now=now)
    if not signature_matches(header, secret=secret(), body=body):
        raise SignatureError("signature does not match")
    return header


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    """The header value a sender sends (one v1): `t=<timestamp>,v1=<hex>`."""
    return f"t={timestamp},v1={compute_signature(secret, timestamp, body)}"
