"""The HTTP request out of an API Gateway proxy event: headers by lower-case name, raw body bytes.

The body is what the sender signed: base64-decoded when API Gateway says it is encoded, else
the UTF-8 bytes of the text. A body over `MAX_BODY_BYTES` is refused with 413 before anything
else is done with it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from webhook_handler.responses import Refusal

MAX_BODY_BYTES: Final = 16_384
_MAX_BASE64_CHARS: Final = 4 * -(-MAX_BODY_BYTES // 3)


@dataclass(frozen=True, slots=True)
class WebhookRequest:
    headers: Mapping[str, tuple[str, ...]]  # lower-case name -> its distinct values
    body: bytes

    def header_values(self, name: str) -> tuple[str, ...]:
        return self.headers.get(name.lower(), ())


def _too_large() -> Refusal:
    return Refusal(413, "payload_too_large", f"the body must be at most {MAX_BODY_BYTES} bytes")


def _headers(event: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    values: dict[str, list[str]] = {}

    def add(name: object, value: object) -> None:
        if isinstance(name, str) and isinstance(value, str):
            seen = values.setdefault(name.lower(), [])
            if value not in seen:
                seen.append(value)

    multi = event.get("multiValueHeaders")
    for name, many in multi.items() if isinstance(multi, Mapping) else ():
        for value in many if isinstance(many, list) else ():
            add(name, value)
    single = event.get("headers")
    for name, value in single.items() if isinstance(single, Mapping) else ():
        add(name, value)
    return {name: tuple(found) for name, found in values.items()}


def _body(event: Mapping[str, Any]) -> bytes:
    body = event.get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        raise Refusal(400, "invalid_body", "the body must be text or base64")
    if event.get("isBase64Encoded") is True:
        if len(body) > _MAX_BASE64_CHARS:
            raise _too_large()
        try:
            raw = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise Refusal(400, "invalid_body", "the body is marked base64 but is not valid base64") from None
    else:
        if len(body) > MAX_BODY_BYTES:
            raise _too_large()
        raw = body.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_BODY_BYTES:
        raise _too_large()
    return raw


def request_from_event(event: Mapping[str, Any]) -> WebhookRequest:
    """The request in an API Gateway (REST, proxy integration) event, or a Refusal (413, 400)."""
    return WebhookRequest(headers=_headers(event), body=_body(event))
