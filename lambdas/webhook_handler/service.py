"""One webhook request: verify, validate, deliver, answer; one log line and one metric line each.

Checks run in the contract's order: body size (413), signature (401), JSON (400), fields (400),
then delivery (202, or 503 if the event could not be stored anywhere).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from fintech_common.emf import Metrics
from fintech_common.events import TransactionEvent
from fintech_common.log import Logger
from webhook_handler.event import build_event
from webhook_handler.publish import Delivery, DeliveryFailed
from webhook_handler.request import WebhookRequest, request_from_event
from webhook_handler.responses import Refusal, accepted, unavailable
from webhook_handler.secret import SecretUnavailable
from webhook_handler.signature import HEADER, SignatureError, verify_signature
from webhook_handler.validation import parse_body, validate_payload

ACCEPTED: Final = "WebhooksAccepted"
REFUSED: Final = "WebhooksRefused"


class Deliverer(Protocol):
    def deliver(self, event: TransactionEvent) -> Delivery: ...


@dataclass(frozen=True, slots=True)
class Dependencies:
    secret: Callable[[], str]
    publisher: Deliverer
    metrics: Metrics
    logger: Logger
    clock: Callable[[], float] = field(default=time.time)


def evaluate(request: WebhookRequest, *, secret: Callable[[], str], now: float) -> TransactionEvent:
    """The event for a request that passes every check, else a Refusal (or SecretUnavailable)."""
    try:
        header = verify_signature(request.header_values(HEADER), body=request.body, secret=secret, now=now)
    except SignatureError as exc:
        raise Refusal(401, "invalid_signature", str(exc), field=HEADER) from None
    payload = validate_payload(parse_body(request.body))
    return build_event(payload, signed_at=header.timestamp, received_at=now)


def handle_webhook(
    event: Mapping[str, Any], deps: Dependencies, *, request_id: str | None = None
) -> dict[str, Any]:
    """The API Gateway proxy response for one proxy event."""
    log = deps.logger
    try:
        transaction_event = evaluate(request_from_event(event), secret=deps.secret, now=deps.clock())
    except Refusal as refusal:
        log.warning(
            "webhook refused",
            request_id=request_id,
            status_code=refusal.status_code,
            error=refusal.error,
            field=refusal.field,
            reason=refusal.message,
        )
        deps.metrics.count({ACCEPTED: 0, REFUSED: 1})
        return refusal.response()
    except SecretUnavailable as exc:
        log.error("signing secret unavailable; sender must retry", request_id=request_id, error=exc.code)
        return unavailable()
    try:
        delivery = deps.publisher.deliver(transaction_event)
    except DeliveryFailed as exc:
        log.error(
            "event neither published nor dead-lettered; sender must retry",
            request_id=request_id,
            event_id=transaction_event.event_id,
            publish_error=exc.publish_error,
            dead_letter_error=exc.dead_letter_error,
        )
        return unavailable()
    log.info(
        "webhook accepted",
        request_id=request_id,
        event_id=transaction_event.event_id,
        transaction_id=transaction_event.transaction.transaction_id,
        status=transaction_event.transaction.status,
        delivery="dead_lettered" if delivery.dead_lettered else "published",
        publish_error=delivery.publish_error,
    )
    deps.metrics.count({ACCEPTED: 1, REFUSED: 0})
    return accepted(transaction_event.event_id)
