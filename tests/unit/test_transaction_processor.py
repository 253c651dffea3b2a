"""transaction_processor: one conditional write per event, repeats harmless, failures reported."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from fintech_common.emf import Metrics
from fintech_common.events import event_from_json
from fintech_common.log import Logger
from tests.conftest import load_event
from tests.webhook_testkit import canonical_event_bodies, create_table, sqs_event, stubbable_client
from transaction_processor import handler
from transaction_processor.item import transaction_item
from transaction_processor.service import Dependencies, handle_batch

PROCESSED_AT = "2026-11-23T10:00:02.000Z"


class Clock:
    def __init__(self, now: float = 1_795_428_002.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def dependencies(client: Any, table: str = "transactions", clock: Clock | None = None) -> Dependencies:
    return Dependencies(
        dynamodb=client,
        table=table,
        metrics=Metrics(namespace="FinTech/Payments", environment="test"),
        logger=Logger(service="transaction_processor"),
        clock=clock or Clock(),
    )


@pytest.fixture
def table(aws: None) -> Iterator[Any]:
    client = boto3.client("dynamodb")
    create_table(client, "transactions", partition_key="transaction_id")
    yield client


def rows(client: Any) -> list[dict[str, Any]]:
    return list(client.scan(TableName="transactions")["Items"])


def test_the_item_holds_the_contracts_attributes() -> None:
    event = event_from_json(canonical_event_bodies()[0])
    assert transaction_item(event, processed_at=PROCESSED_AT) == {
        "transaction_id": {"S": "txn_20261123_0001"},
        "timestamp": {"S": "2026-11-23T10:00:00Z"},
        "event_id": {"S": event.event_id},
        "event_type": {"S": "transaction.completed"},
        "amount": {"N": "125.50"},
        "currency": {"S": "EUR"},
        "status": {"S": "completed"},
        "received_at": {"S": "2026-11-23T10:00:01.250Z"},
        "processed_at": {"S": PROCESSED_AT},
    }


def test_the_only_call_is_a_put_conditional_on_a_new_transaction() -> None:
    client = stubbable_client("dynamodb")
    event = event_from_json(canonical_event_bodies()[0])
    with Stubber(client) as stub:
        stub.add_response(
            "put_item",
            {},
            {
                "TableName": "transactions",
                "Item": transaction_item(event, processed_at=PROCESSED_AT),
                "ConditionExpression": "attribute_not_exists(transaction_id)",
            },
        )
        assert handle_batch(sqs_event(canonical_event_bodies()[0]), dependencies(client)) == {
            "batchItemFailures": []
        }
        stub.assert_no_pending_responses()


def test_a_batch_of_events_is_written(table: Any) -> None:
    response = handle_batch(load_event("sqs_transaction_events"), dependencies(table))
    assert response == {"batchItemFailures": []}
    assert sorted(row["transaction_id"]["S"] for row in rows(table)) == [
        "txn_20261123_0001",
        "txn_20261123_0002",
    ]


def test_the_amount_is_stored_exactly(table: Any) -> None:
    handle_batch(sqs_event(canonical_event_bodies()[0]), dependencies(table))
    (row,) = rows(table)
    assert row["amount"] == {"N": "125.50"}


def test_the_same_message_twice_leaves_one_row_and_the_first_write_stands(table: Any) -> None:
    # GIVEN an event processed once
    body = canonical_event_bodies()[0]
    clock = Clock()
    handle_batch(sqs_event(body), dependencies(table, clock=clock))
    # WHEN it is delivered again later
    clock.now += 60
    response = handle_batch(sqs_event(body), dependencies(table, clock=clock))
    # THEN the repeat succeeds, and the table still holds the first write only
    assert response == {"batchItemFailures": []}
    (row,) = rows(table)
    assert row["processed_at"] == {"S": PROCESSED_AT}


def test_a_duplicate_inside_one_batch_is_written_once(table: Any) -> None:
    body = canonical_event_bodies()[0]
    assert handle_batch(sqs_event(body, body), dependencies(table)) == {"batchItemFailures": []}
    assert len(rows(table)) == 1


@pytest.mark.parametrize("body", ["not json", "{}", '{"event_id": "evt_x"}', ""])
def test_an_invalid_body_is_reported_and_the_others_written(table: Any, body: str) -> None:
    event = sqs_event(canonical_event_bodies()[0], body, message_ids=["good", "bad"])
    assert handle_batch(event, dependencies(table)) == {"batchItemFailures": [{"itemIdentifier": "bad"}]}
    assert len(rows(table)) == 1


def test_a_failing_table_reports_every_message(aws: None) -> None:
    client = boto3.client("dynamodb")  # no table exists
    response = handle_batch(load_event("sqs_transaction_events"), dependencies(client))
    assert [failure["itemIdentifier"] for failure in response["batchItemFailures"]] == [
        "059f36b4-87a3-44ab-83d2-661975830a7d",
        "2e1424d4-f796-459a-8184-9c92662be6da",
    ]


def test_a_throttled_write_is_reported_not_swallowed() -> None:
    client = stubbable_client("dynamodb")
    with Stubber(client) as stub:
        stub.add_client_error("put_item", service_error_code="ProvisionedThroughputExceededException")
        response = handle_batch(sqs_event(canonical_event_bodies()[0]), dependencies(client))
    assert response == {"batchItemFailures": [{"itemIdentifier": "msg-0"}]}


def test_an_event_that_is_not_an_sqs_batch_fails_the_invocation(table: Any) -> None:
    with pytest.raises(ValueError, match="SQS"):
        handle_batch({"detail": {}}, dependencies(table))


def test_the_batch_is_counted_in_one_metric_line(table: Any, capsys: pytest.CaptureFixture[str]) -> None:
    handle_batch(sqs_event(canonical_event_bodies()[0], "bad"), dependencies(table))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    (metric,) = [line for line in lines if "_aws" in line]
    assert (metric["TransactionsProcessed"], metric["TransactionsFailed"]) == (1, 1)


def test_a_failure_is_logged_with_the_reason_but_not_the_body(
    table: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    handle_batch(sqs_event('{"secret_looking_value": 1}', message_ids=["m1"]), dependencies(table))
    output = capsys.readouterr().out
    (error,) = [json.loads(line) for line in output.splitlines() if '"ERROR"' in line]
    assert (error["message_id"], error["error"]) == (
        "m1",
        "invalid event: transaction is missing or not an object",
    )
    assert "secret_looking_value" not in output


def test_the_lambda_handler_uses_the_module_dependencies(table: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handler, "DEPENDENCIES", dependencies(table))
    assert handler.lambda_handler(load_event("sqs_transaction_events"), None) == {"batchItemFailures": []}
    assert len(rows(table)) == 2
