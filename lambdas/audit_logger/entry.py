"""The `audit_logs` entry of an event: key (event_id, timestamp), the event as received, no TTL.

The entry keeps the full event text exactly as it was delivered, so the audit trail shows what
the pipeline saw, not a re-encoding of it. There is deliberately no expiry attribute: this
table is the audit trail kept for at least 12 months (PCI DSS 10.5.1).
"""

from __future__ import annotations

from typing import Final

from fintech_common.dynamo import Item
from fintech_common.events import TransactionEvent

KEY_ATTRIBUTE: Final = "event_id"


def audit_item(event: TransactionEvent, *, raw_event: str, logged_at: str) -> Item:
    transaction = event.transaction
    return {
        "event_id": {"S": event.event_id},
        "timestamp": {"S": event.timestamp},
        "transaction_id": {"S": transaction.transaction_id},
        "event_type": {"S": event.event_type},
        "status": {"S": transaction.status},
        "amount": {"N": transaction.amount_text},
        "currency": {"S": transaction.currency},
        "event": {"S": raw_event},
        "logged_at": {"S": logged_at},
    }
