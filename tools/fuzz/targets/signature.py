"""Target: `webhook_handler.signature.verify_signature`, the WH-12 check, against an independent one.

Input layout: bytes 0-1 a signed 16-bit skew in seconds, byte 2 flags (bit 0: start the header
with a correct `t`, t = now - skew; bit 1: with a correct `v1` for it; bit 2: put them at the
end instead), then the rest of the header (Latin-1, any character), a newline and the body. The
flags let the fuzzer reach the accepting path; everything else is the fuzzer's.

For any input, `verify_signature` returns the header or raises `SignatureError`, nothing else,
and it accepts exactly when `oracles.signature_is_valid` does (missing, malformed, stale or
wrong: refused; one good `v1` among others: accepted).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

from tools.fuzz.oracles import signature_is_valid
from webhook_handler.signature import SignatureError, verify_signature

INSTRUMENT: Final = ("webhook_handler",)
MAX_LEN: Final = 4096
SECRET: Final = "whsec_fuzzing_secret"  # noqa: S105 - a key for fuzzing, never a deployed secret
NOW: Final = 1_795_428_000


def header_and_body(data: bytes) -> tuple[str, bytes]:
    skew = int.from_bytes(data[:2].ljust(2, b"\0"), "big", signed=True)
    flags = data[2] if len(data) > 2 else 0
    rest, _, body = data[3:].partition(b"\n")
    timestamp = int(NOW) - skew
    signature = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    known = [f"t={timestamp}"] * (flags & 1) + [f"v1={signature}"] * (flags >> 1 & 1)
    fuzzed = rest.decode("latin-1")
    parts = [fuzzed, *known] if flags & 4 else [*known, fuzzed]
    return ",".join(parts), body


def check(data: bytes) -> None:
    header, body = header_and_body(data)
    expected = signature_is_valid(header, body=body, secret=SECRET, now=NOW)
    try:
        verify_signature((header,), body=body, secret=lambda: SECRET, now=NOW)
    except SignatureError:
        assert not expected, f"refused a valid signature header {header!r}"
        return
    assert expected, f"accepted an invalid signature header {header!r}"
