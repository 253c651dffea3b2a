"""SQS batches with partial batch responses (`ReportBatchItemFailures`).

Each record is handled on its own; a record whose handling raises is reported in
`batchItemFailures` so SQS redelivers only that one (and, after the maximum receive count,
moves it to the queue's DLQ). A failure is never swallowed: if the event itself is malformed
(no `Records`, a record without `messageId`), the whole invocation fails and the batch returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fintech_common.aws import error_code


@dataclass(frozen=True, slots=True)
class SqsRecord:
    message_id: str
    body: str


@dataclass(frozen=True, slots=True)
class BatchResult:
    written: int
    duplicates: int
    failed: tuple[str, ...]  # message ids

    @property
    def succeeded(self) -> int:
        return self.written + self.duplicates

    def response(self) -> dict[str, list[dict[str, str]]]:
        return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in self.failed]}


def sqs_records(event: Mapping[str, Any]) -> list[SqsRecord]:
    """The records of an SQS event; ValueError if it is not one (the invocation must fail)."""
    records = event.get("Records")
    if not isinstance(records, list):
        raise ValueError("not an SQS event: no Records list")
    parsed = []
    for record in records:
        message_id = record.get("messageId") if isinstance(record, dict) else None
        body = record.get("body") if isinstance(record, dict) else None
        if not isinstance(message_id, str) or not message_id or not isinstance(body, str):
            raise ValueError("SQS record without messageId or body")
        parsed.append(SqsRecord(message_id=message_id, body=body))
    return parsed


def process_batch(
    records: list[SqsRecord],
    *,
    write: Callable[[SqsRecord], bool],
    on_failure: Callable[[SqsRecord, Exception], None],
) -> BatchResult:
    """Run `write` (True: written, False: duplicate) on each record; collect the ones that raised."""
    written = duplicates = 0
    failed: list[str] = []
    for record in records:
        try:
            if write(record):
                written += 1
            else:
                duplicates += 1
        except Exception as exc:
            failed.append(record.message_id)
            on_failure(record, exc)
    return BatchResult(written=written, duplicates=duplicates, failed=tuple(failed))


def failure_reason(error: Exception) -> str:
    """What to log about a failed record: the check that failed (ValueError), else the error code.

    The pipeline's own ValueErrors (EventError, FieldError, JsonError) never quote the input.
    """
    return f"invalid event: {error}" if isinstance(error, ValueError) else error_code(error)
