"""Reference sender-side signer for `POST /webhook` (what the payment provider runs).

    X-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key=secret, msg="<t>.<raw body>")>

Standard library only, and written independently of `lambdas/webhook_handler/signature.py` on
purpose: the tests check the handler against this signer, so a mistake in one shows up.
"""

from __future__ import annotations

import hashlib
import hmac
import time


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The X-Webhook-Signature value for `body` (the exact bytes sent) signed now or at `timestamp`."""
    return sign_rotating([secret], body, timestamp)


def sign_rotating(secrets: list[str], body: bytes, timestamp: int | None = None) -> str:
    """One `v1` per secret: what a sender sends while it rotates from one secret to the next."""
    t = int(time.time()) if timestamp is None else timestamp
    message = f"{t}.".encode("ascii") + body
    signatures = [hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest() for secret in secrets]
    return ",".join([f"t={t}", *(f"v1={signature}" for signature in signatures)])
