"""The event an accepted webhook becomes (WH-13: same webhook, same event id and timestamp)."""

from __future__ import annotations

from fintech_common.events import TransactionEvent, new_event
from fintech_common.timestamps import format_utc_millis, format_utc_seconds
from webhook_handler.validation import WebhookPayload


def event_timestamp(created_at: str | None, signed_at: int) -> str:
    """The payload's `created_at` (normalised) if given, else the signature's `t`, to the second."""
    return created_at if created_at is not None else format_utc_seconds(signed_at)


def build_event(payload: WebhookPayload, *, signed_at: int, received_at: float) -> TransactionEvent:
    """The event for a verified, validated webhook signed at `signed_at` and received at `received_at`."""
    return new_event(
        payload.transaction,
        timestamp=event_timestamp(payload.created_at, signed_at),
        received_at=format_utc_millis(received_at),
        payload=payload.document,
    )
