"""One SQS batch of transaction events: one conditional write each, failures reported per message.

A repeat of an event (same webhook twice, same message twice) finds its row already there:
the condition fails, the first write stands and the message counts as processed (WH-13).
Anything else that goes wrong, an invalid body included, puts the message in
`batchItemFailures`, so it is retried and finally lands in the queue's DLQ.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from fintech_common.dynamo import put_if_absent
from fintech_common.emf import Metrics
from fintech_common.events import event_from_json
from fintech_common.log import Logger
from fintech_common.sqs_batch import SqsRecord, failure_reason, process_batch, sqs_records
from fintech_common.timestamps import format_utc_millis
from transaction_processor.item import KEY_ATTRIBUTE, transaction_item

PROCESSED: Final = "TransactionsProcessed"
FAILED: Final = "TransactionsFailed"


@dataclass(frozen=True, slots=True)
class Dependencies:
    dynamodb: Any
    table: str
    metrics: Metrics
    logger: Logger
    clock: Callable[[], float] = field(default=time.time)


def record_transaction(record: SqsRecord, deps: Dependencies) -> bool:
    """Write the record's transaction: True if written, False if it was already there."""
    event = event_from_json(record.body)
    item = transaction_item(event, processed_at=format_utc_millis(deps.clock()))
    written = put_if_absent(deps.dynamodb, table=deps.table, item=item, key_attribute=KEY_ATTRIBUTE)
    deps.logger.info(
        "transaction recorded" if written else "transaction already recorded",
        message_id=record.message_id,
        event_id=event.event_id,
        transaction_id=event.transaction.transaction_id,
        status=event.transaction.status,
    )
    return written


def handle_batch(event: Mapping[str, Any], deps: Dependencies) -> dict[str, list[dict[str, str]]]:
    """The partial batch response for one SQS event."""

    def on_failure(record: SqsRecord, error: Exception) -> None:
        deps.logger.error(
            "transaction not recorded; will be retried",
            message_id=record.message_id,
            error=failure_reason(error),
        )

    result = process_batch(
        sqs_records(event), write=lambda record: record_transaction(record, deps), on_failure=on_failure
    )
    deps.metrics.count({PROCESSED: result.succeeded, FAILED: len(result.failed)})
    return result.response()
