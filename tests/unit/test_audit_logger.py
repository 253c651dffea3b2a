"""audit_logger: append-only PutItem per event, the event kept as received, no failure swallowed (WH-14)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from audit_logger import handler
from audit_logger.entry import audit_item
from audit_logger.service import Dependencies, handle_batch
from fintech_common.emf import Metrics
from fintech_common.events import event_from_json
from fintech_common.log import Logger
from tests.conftest import load_event
from tests.webhook_testkit import canonical_event_bodies, create_table, sqs_event, stubbable_client

LOGGED_AT = "2026-11-23T10:00:02.000Z"


class Clock:
    def __init__(self, now: float = 1_795_428_002.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def dependencies(client: Any, clock: Clock | None = None) -> Dependencies:
    return Dependencies(
        dynamodb=client,
        table="audit_logs",
        metrics=Metrics(namespace="FinTech/Payments", environment="test"),
        logger=Logger(service="audit_logger"),
        clock=clock or Clock(),
    )


@pytest.fixture
def table(aws: None) -> Iterator[Any]:
    client = boto3.client("dynamodb")
    create_table(client, "audit_logs", partition_key="event_id")
    yield client


def entries(client: Any) -> list[dict[str, Any]]:
    return list(client.scan(TableName="audit_logs")["Items"])


def test_the_entry_holds_the_contracts_attributes_and_no_ttl() -> None:
    body = canonical_event_bodies()[1]
    event = event_from_json(body)
    assert audit_item(event, raw_event=body, logged_at=LOGGED_AT) == {
        "event_id": {"S": event.event_id},
        "timestamp": {"S": "2026-11-23T10:00:00Z"},
        "transaction_id": {"S": "txn_20261123_0002"},
        "event_type": {"S": "transaction.pending"},
        "status": {"S": "pending"},
        "amount": {"N": "9800"},
        "currency": {"S": "JPY"},
        "event": {"S": body},
        "logged_at": {"S": LOGGED_AT},
    }


def test_the_only_call_is_a_put_conditional_on_a_new_event() -> None:
    # GIVEN a client that answers exactly one PutItem (any Get, Update or Query would fail the test)
    client = stubbable_client("dynamodb")
    body = canonical_event_bodies()[0]
    with Stubber(client) as stub:
        stub.add_response(
            "put_item",
            {},
            {
                "TableName": "audit_logs",
                "Item": audit_item(event_from_json(body), raw_event=body, logged_at=LOGGED_AT),
                "ConditionExpression": "attribute_not_exists(event_id)",
            },
        )
        assert handle_batch(sqs_event(body), dependencies(client)) == {"batchItemFailures": []}
        stub.assert_no_pending_responses()


def test_every_event_of_a_batch_is_appended(table: Any) -> None:
    assert handle_batch(load_event("sqs_transaction_events"), dependencies(table)) == {
        "batchItemFailures": []
    }
    assert len(entries(table)) == 2


def test_the_event_is_kept_exactly_as_received(table: Any) -> None:
    body = canonical_event_bodies()[0]
    handle_batch(sqs_event(body), dependencies(table))
    (entry,) = entries(table)
    assert entry["event"] == {"S": body}
    assert entry["amount"] == {"N": "125.50"}


def test_a_repeated_event_never_replaces_its_entry(table: Any) -> None:
    body = canonical_event_bodies()[0]
    clock = Clock()
    handle_batch(sqs_event(body), dependencies(table, clock=clock))
    clock.now += 3600
    assert handle_batch(sqs_event(body, body), dependencies(table, clock=clock)) == {"batchItemFailures": []}
    (entry,) = entries(table)
    assert entry["logged_at"] == {"S": LOGGED_AT}


@pytest.mark.parametrize(
    "code", ["ProvisionedThroughputExceededException", "AccessDeniedException", "InternalServerError"]
)
def test_a_failed_write_goes_back_for_retry(code: str) -> None:
    client = stubbable_client("dynamodb")
    with Stubber(client) as stub:
        stub.add_response("put_item", {})
        stub.add_client_error("put_item", service_error_code=code)
        response = handle_batch(sqs_event(*canonical_event_bodies()), dependencies(client))
    assert response == {"batchItemFailures": [{"itemIdentifier": "msg-1"}]}


def test_an_invalid_event_goes_back_for_retry(table: Any) -> None:
    response = handle_batch(sqs_event("{", message_ids=["m1"]), dependencies(table))
    assert response == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert entries(table) == []


def test_the_batch_is_counted_in_one_metric_line(table: Any, capsys: pytest.CaptureFixture[str]) -> None:
    handle_batch(sqs_event(canonical_event_bodies()[0], "bad"), dependencies(table))
    (metric,) = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    assert (metric["AuditEntriesWritten"], metric["AuditWritesFailed"]) == (1, 1)


def test_the_lambda_handler_uses_the_module_dependencies(table: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handler, "DEPENDENCIES", dependencies(table))
    assert handler.lambda_handler(load_event("sqs_transaction_events"), None) == {"batchItemFailures": []}
