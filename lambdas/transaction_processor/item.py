"""The `transactions` row of an event: key (transaction_id, timestamp), amount as an exact N."""

from __future__ import annotations

from typing import Final

from fintech_common.dynamo import Item
from fintech_common.events import TransactionEvent

KEY_ATTRIBUTE: Final = "transaction_id"


def transaction_item(event: TransactionEvent, *, processed_at: str) -> Item:
    transaction = event.transaction
    return {
        "transaction_id": {"S": transaction.transaction_id},
        "timestamp": {"S": event.timestamp},
        "event_id": {"S": event.event_id},
        "event_type": {"S": event.event_type},
        "amount": {"N": transaction.amount_text},
        "currency": {"S": transaction.currency},
        "status": {"S": transaction.status},
        "received_at": {"S": event.received_at},
        "processed_at": {"S": processed_at},
    }
