"""SQS batches: records in, partial batch response out, no failure swallowed."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from fintech_common.sqs_batch import SqsRecord, failure_reason, process_batch, sqs_records
from tests.conftest import load_event


def test_the_records_of_an_sqs_event_are_read() -> None:
    records = sqs_records(load_event("sqs_transaction_events"))
    assert [record.message_id for record in records] == [
        "059f36b4-87a3-44ab-83d2-661975830a7d",
        "2e1424d4-f796-459a-8184-9c92662be6da",
    ]


@pytest.mark.parametrize(
    "event",
    [
        {},
        {"Records": None},
        {"Records": [{"body": "x"}]},
        {"Records": [{"messageId": "", "body": "x"}]},
        {"Records": [{"messageId": "m1"}]},
        {"Records": ["x"]},
    ],
)
def test_a_malformed_event_fails_the_whole_invocation(event: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="SQS"):
        sqs_records(event)


def test_failed_records_are_reported_and_the_rest_counted() -> None:
    # GIVEN three records: one written, one duplicate, one failing
    records = [SqsRecord("m1", "write"), SqsRecord("m2", "duplicate"), SqsRecord("m3", "fail")]
    seen: list[str] = []

    def write(record: SqsRecord) -> bool:
        if record.body == "fail":
            raise RuntimeError("boom")
        return record.body == "write"

    # WHEN the batch is processed
    result = process_batch(
        records, write=write, on_failure=lambda record, error: seen.append(record.message_id)
    )
    # THEN only the failure goes back to SQS, and it was reported
    assert result.response() == {"batchItemFailures": [{"itemIdentifier": "m3"}]}
    assert (result.written, result.duplicates, result.succeeded) == (1, 1, 2)
    assert seen == ["m3"]


def test_an_empty_batch_reports_no_failures() -> None:
    assert process_batch([], write=lambda record: True, on_failure=lambda r, e: None).response() == {
        "batchItemFailures": []
    }


def test_the_reason_for_an_aws_failure_is_its_error_code() -> None:
    error = ClientError({"Error": {"Code": "ProvisionedThroughputExceededException"}}, "PutItem")
    assert failure_reason(error) == "ProvisionedThroughputExceededException"


def test_the_reason_for_an_invalid_body_is_the_check_that_failed() -> None:
    assert failure_reason(ValueError("amount: must be greater than zero")) == (
        "invalid event: amount: must be greater than zero"
    )
