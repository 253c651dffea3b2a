"""One SQS batch of events appended to the audit log; no failure is ever swallowed (WH-14).

The only call is a conditional PutItem: an entry, once written, is never replaced, and a
repeat of the same event is a no-op that counts as written. Any other failure, an invalid body
included, puts the message in `batchItemFailures` for retry and, in the end, the queue's DLQ.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from audit_logger.entry import KEY_ATTRIBUTE, audit_item
from fintech_common.dynamo import put_if_absent
from fintech_common.emf import Metrics
from fintech_common.events import event_from_json
from fintech_common.log import Logger
from fintech_common.sqs_batch import SqsRecord, failure_reason, process_batch, sqs_records
from fintech_common.timestamps import format_utc_millis

WRITTEN: Final = "AuditEntriesWritten"
FAILED: Final = "AuditWritesFailed"


@dataclass(frozen=True, slots=True)
class Dependencies:
    dynamodb: Any
    table: str
    metrics: Metrics
    logger: Logger
    clock: Callable[[], float] = field(default=time.time)


def record_audit_entry(record: SqsRecord, deps: Dependencies) -> bool:
    """Append the record's event: True if written, False if the entry was already there."""
    event = event_from_json(record.body)
    item = audit_item(event, raw_event=record.body, logged_at=format_utc_millis(deps.clock()))
    written = put_if_absent(deps.dynamodb, table=deps.table, item=item, key_attribute=KEY_ATTRIBUTE)
    deps.logger.info(
        "audit entry written" if written else "audit entry already written",
        message_id=record.message_id,
        event_id=event.event_id,
        event_type=event.event_type,
    )
    return written


def handle_batch(event: Mapping[str, Any], deps: Dependencies) -> dict[str, list[dict[str, str]]]:
    """The partial batch response for one SQS event."""

    def on_failure(record: SqsRecord, error: Exception) -> None:
        deps.logger.error(
            "audit entry not written; will be retried",
            message_id=record.message_id,
            error=failure_reason(error),
        )

    result = process_batch(
        sqs_records(event), write=lambda record: record_audit_entry(record, deps), on_failure=on_failure
    )
    deps.metrics.count({WRITTEN: result.succeeded, FAILED: len(result.failed)})
    return result.response()
