"""API Gateway proxy responses: JSON bodies, never cached.

202 `{"status": "accepted", "event_id": ...}`; 4xx `{"error", "field", "message"}`; 503 with
`Retry-After` only when the event could be neither published nor dead-lettered (or the
signing secret could not be read), so the sender retries and nothing is lost.
"""

from __future__ import annotations

import json
from typing import Any, Final

RETRY_AFTER_SECONDS: Final = 30
MAX_FIELD_LENGTH: Final = 256  # a field path is built from the sender's keys: keep responses small

_HEADERS: Final = {"Content-Type": "application/json", "Cache-Control": "no-store"}


def json_response(
    status_code: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "statusCode": status_code,
        "headers": {**_HEADERS, **(headers or {})},
        "body": json.dumps(body, separators=(",", ":")),
        "isBase64Encoded": False,
    }


class Refusal(Exception):
    """The request is refused with a 4xx; `field` names what is wrong (None if no one field is)."""

    def __init__(self, status_code: int, error: str, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{status_code} {error}: {message}")
        self.status_code = status_code
        self.error = error
        self.message = message
        self.field = field if field is None else field[:MAX_FIELD_LENGTH]

    def response(self) -> dict[str, Any]:
        return json_response(
            self.status_code, {"error": self.error, "field": self.field, "message": self.message}
        )


def accepted(event_id: str) -> dict[str, Any]:
    return json_response(202, {"status": "accepted", "event_id": event_id})


def unavailable() -> dict[str, Any]:
    return json_response(
        503,
        {"error": "unavailable", "field": None, "message": "the event was not stored; retry later"},
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
