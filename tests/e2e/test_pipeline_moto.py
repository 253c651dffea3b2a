"""The webhook pipeline end to end on moto: signed webhooks in, exactly-once rows out.

The real handlers run against a moto server (SNS with the template's filter policies, SQS with
redrive, DynamoDB, Secrets Manager); `event_source.drain` plays the SQS event source mapping.
The first group of tests reads one run of a few hundred mixed webhooks; the others each build a
small pipeline of their own and inject one kind of failure (WH-07, WH-08, WH-09, WH-13, WH-14).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from policies.constants import MAX_RECEIVE_COUNT, PROCESSOR_STATUSES, RETRIES, TRANSACTION_STATUSES
from tests.e2e.driver import Answer, Driver, count_by, new_driver
from tests.e2e.event_source import DrainReport, sqs_event
from tests.e2e.pipeline import Aws
from tests.e2e.topology import Subscription
from tests.e2e.webhooks import CURRENCIES, EXTREMES, Delivery, WorkloadBuilder, decode, workload
from tests.e2e.wiretap import Fault, FaultKind, Params, Wiretap, item_field, message_field

pytestmark = pytest.mark.e2e

VALID_WEBHOOKS = 240
EVENT_ID = re.compile(r"evt_[0-9a-f]{32}")


@dataclass(frozen=True)
class Run:
    """What one run of the mixed workload left behind, read once when it ended."""

    answers: list[Answer]
    transactions: list[dict[str, Any]]
    audit_entries: list[dict[str, Any]]
    reports: dict[str, DrainReport]
    depths: dict[str, int]

    @property
    def accepted(self) -> list[Answer]:
        return [answer for answer in self.answers if answer.delivery.transaction is not None]

    @property
    def refused(self) -> list[Answer]:
        return [answer for answer in self.answers if answer.delivery.transaction is None]

    def event_ids(self, statuses: tuple[str, ...]) -> set[str]:
        return {
            answer.body["event_id"]
            for answer in self.accepted
            if answer.delivery.transaction and answer.delivery.transaction.status in statuses
        }


@pytest.fixture(scope="module")
def run(aws: Aws, subscriptions: list[Subscription], moto_endpoint: str) -> Iterator[Run]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        driver = new_driver(aws, subscriptions, moto_endpoint, monkeypatch)
        deliveries = workload(
            secret=driver.pipeline.secret,
            now=int(time.time()),
            prefix="tx_mixed",
            seed=20261123,
            valid=VALID_WEBHOOKS,
        )
        answers = driver.send_all(deliveries)
        reports = driver.pump_all()
        yield Run(
            answers=answers,
            transactions=driver.transactions(),
            audit_entries=driver.audit_entries(),
            reports=reports,
            depths=driver.depths(),
        )


def test_every_webhook_gets_the_status_the_contract_gives_it(run: Run) -> None:
    wrong = [
        (answer.delivery.name, answer.delivery.expected_status, answer.status, answer.body)
        for answer in run.answers
        if answer.status != answer.delivery.expected_status
    ]
    assert wrong == []
    assert len(run.accepted) == VALID_WEBHOOKS + VALID_WEBHOOKS // 5


def test_every_refusal_is_a_json_error_naming_the_wrong_field(run: Run) -> None:
    for answer in run.refused:
        assert set(answer.body) == {"error", "field", "message"}, answer.delivery.name
        if answer.delivery.expected_field is not None:
            assert answer.body["field"] == answer.delivery.expected_field, answer.delivery.name


def test_every_accepted_webhook_is_answered_with_its_event_id(run: Run) -> None:
    for answer in run.accepted:
        assert answer.body["status"] == "accepted"
        assert EVENT_ID.fullmatch(answer.body["event_id"]), answer.body


def test_a_redelivered_webhook_gets_the_event_id_of_its_first_delivery(run: Run) -> None:
    # GIVEN every fifth webhook delivered twice (identical, or signed again with its created_at)
    event_ids: dict[str, set[str]] = {}
    for answer in run.accepted:
        assert answer.delivery.transaction is not None
        event_ids.setdefault(answer.delivery.transaction.transaction_id, set()).add(answer.body["event_id"])
    # THEN both deliveries of a webhook carry one event id
    assert len(event_ids) == VALID_WEBHOOKS
    assert all(len(ids) == 1 for ids in event_ids.values())


def test_each_pending_or_completed_event_is_exactly_one_transactions_row(run: Run) -> None:
    expected = run.event_ids(PROCESSOR_STATUSES)
    # GIVEN redeliveries reached the processor more than once
    assert len(run.reports["transaction_processor"].bodies) > len(expected)
    # THEN each event has one row, and no other row exists
    assert count_by(run.transactions, "event_id") == Counter(dict.fromkeys(expected, 1))


def test_a_failed_event_never_becomes_a_transaction(run: Run) -> None:
    failed_ids = {
        a.delivery.transaction.transaction_id
        for a in run.accepted
        if a.delivery.transaction and a.delivery.transaction.status == "failed"
    }
    assert failed_ids
    assert failed_ids.isdisjoint(row["transaction_id"] for row in run.transactions)
    assert {row["status"] for row in run.transactions} <= set(PROCESSOR_STATUSES)


def test_every_accepted_event_is_exactly_one_audit_entry(run: Run) -> None:
    expected = run.event_ids(TRANSACTION_STATUSES)
    assert len(run.reports["audit_logger"].bodies) > len(expected)
    assert count_by(run.audit_entries, "event_id") == Counter(dict.fromkeys(expected, 1))


def test_a_refused_webhook_leaves_no_row_anywhere(run: Run) -> None:
    refused_ids = set()
    for answer in run.refused:
        try:
            refused_ids.add(str(decode(answer.delivery.body)["transaction_id"]))
        except (ValueError, TypeError, KeyError):
            continue  # not a JSON object with a transaction id: nothing to look for
    assert len(refused_ids) > 10
    stored = {row["transaction_id"] for row in run.transactions + run.audit_entries}
    assert refused_ids.isdisjoint(stored)


@pytest.mark.parametrize("table", ["transactions", "audit_entries"])
def test_amounts_are_stored_as_sent_to_the_last_digit(run: Run, table: str) -> None:
    sent = {
        a.delivery.transaction.transaction_id: a.delivery.transaction
        for a in run.accepted
        if a.delivery.transaction
    }
    rows: list[dict[str, Any]] = getattr(run, table)
    # GIVEN currencies of 0, 2 and 3 minor units, their smallest and largest amounts among them
    assert {CURRENCIES[row["currency"]] for row in rows} == {0, 2, 3}
    assert {amount for _, amount in EXTREMES} <= {row["amount"] for row in rows}
    # THEN every row holds the amount sent, as a DynamoDB number, digit for digit
    for row in rows:
        expected = sent[row["transaction_id"]]
        assert isinstance(row["amount"], Decimal)
        assert (row["amount"], row["currency"], row["status"]) == (
            expected.amount,
            expected.currency,
            expected.status,
        )


def test_the_processor_queue_never_receives_a_failed_event(run: Run) -> None:
    processor_statuses = {
        json.loads(body)["transaction"]["status"] for body in run.reports["transaction_processor"].bodies
    }
    audit_statuses = {
        json.loads(body)["transaction"]["status"] for body in run.reports["audit_logger"].bodies
    }
    assert processor_statuses == set(PROCESSOR_STATUSES)
    assert audit_statuses == set(TRANSACTION_STATUSES)


def test_no_message_is_left_behind_and_no_batch_failed(run: Run) -> None:
    assert run.depths == dict.fromkeys(run.depths, 0)
    for report in run.reports.values():
        assert (report.reported_failures, report.errors) == (0, [])


# --- failures injected into a pipeline of one test's own ------------------------------------


def deliveries(driver: Driver, count: int, *, status: str = "completed", seed: int = 1) -> list[Delivery]:
    builder = WorkloadBuilder(
        secret=driver.pipeline.secret, now=int(time.time()), prefix=f"tx_{seed}", seed=seed
    )
    return [builder.valid(builder.fields(status=status)) for _ in range(count)]


def transaction_id(delivery: Delivery) -> str:
    assert delivery.transaction is not None
    return delivery.transaction.transaction_id


def publish_of(delivery: Delivery) -> Callable[[Params], bool]:
    return lambda params: message_field(params, "transaction", "transaction_id") == transaction_id(delivery)


def put_item_of(deliveries_: list[Delivery]) -> Callable[[Params], bool]:
    ids = {transaction_id(delivery) for delivery in deliveries_}
    return lambda params: item_field(params, "transaction_id") in ids


def rows(driver: Driver, consumer: str) -> list[dict[str, Any]]:
    return driver.transactions() if consumer == "transaction_processor" else driver.audit_entries()


@pytest.mark.parametrize("kind", ["http_500", "connection_error"])
def test_a_webhook_whose_publish_fails_is_dead_lettered_and_accepted(driver: Driver, kind: FaultKind) -> None:
    # GIVEN SNS Publish fails on every attempt for one of three webhooks
    batch = deliveries(driver, 3)
    wiretap = driver.functions["webhook_handler"].wiretap
    with wiretap.failing(Fault("sns", "Publish", kind, when=publish_of(batch[0]))) as fault:
        answers = driver.send_all(batch)
    # THEN every sender gets 202, after 3 retries of the failing publish
    assert [answer.status for answer in answers] == [202, 202, 202]
    assert fault.hits == RETRIES + 1
    # AND the event waits in the handler's DLQ with its attributes and why it is there
    (message,) = driver.dead_letters(driver.pipeline.handler_dlq)
    assert json.loads(message["Body"])["event_id"] == answers[0].body["event_id"]
    assert {
        name: value["StringValue"]
        for name, value in message["MessageAttributes"].items()
        if name != "failure"
    } == {
        "event_type": "transaction.completed",
        "status": "completed",
    }
    assert message["MessageAttributes"]["failure"]["StringValue"]


def test_a_dead_lettered_webhook_replayed_to_the_topic_lands_exactly_once(driver: Driver) -> None:
    # GIVEN one of three accepted webhooks dead-lettered because its publish failed
    batch = deliveries(driver, 3)
    with driver.functions["webhook_handler"].wiretap.failing(
        Fault("sns", "Publish", "aws_error", when=publish_of(batch[0]))
    ):
        answers = driver.send_all(batch)
    # WHEN an operator replays the handler DLQ to the topic and the consumers run
    replay = driver.replay(driver.pipeline.handler_dlq, driver.pipeline.topic_arn)
    driver.pump_all()
    # THEN all three events are stored exactly once and the DLQ is empty
    assert replay.returncode == 0, replay.stderr
    assert "moved 1 of 1" in replay.stdout
    event_ids = Counter(answer.body["event_id"] for answer in answers)
    assert count_by(driver.transactions(), "event_id") == event_ids
    assert count_by(driver.audit_entries(), "event_id") == event_ids
    assert driver.depths() == dict.fromkeys(driver.depths(), 0)


def both_deliveries_fail(driver: Driver, delivery: Delivery) -> Wiretap:
    wiretap = driver.functions["webhook_handler"].wiretap
    wiretap.faults.append(Fault("sns", "Publish", "aws_error", when=publish_of(delivery)))
    wiretap.faults.append(Fault("sqs", "SendMessage", "aws_error", error_code="KMS.KMSAccessDeniedException"))
    return wiretap


def test_when_publish_and_dead_letter_both_fail_the_sender_gets_503_and_nothing_is_stored(
    driver: Driver,
) -> None:
    # GIVEN the topic and the handler's DLQ both refuse the event
    (delivery,) = deliveries(driver, 1)
    both_deliveries_fail(driver, delivery)
    # WHEN the webhook arrives
    answer = driver.send(delivery)
    driver.pump_all()
    # THEN the sender is told to retry, and no trace of the event exists
    assert answer.status == 503
    assert int(answer.headers["Retry-After"]) > 0
    assert driver.depths() == dict.fromkeys(driver.depths(), 0)
    assert driver.transactions() == driver.audit_entries() == []


def test_a_webhook_answered_503_lands_exactly_once_when_the_sender_retries(driver: Driver) -> None:
    # GIVEN a webhook answered 503 while publish and DLQ were both failing
    (delivery,) = deliveries(driver, 1)
    wiretap = both_deliveries_fail(driver, delivery)
    assert driver.send(delivery).status == 503
    wiretap.faults.clear()
    # WHEN the sender retries once things recovered
    answer = driver.send(delivery)
    driver.pump_all()
    # THEN the retry is accepted and stored once
    assert answer.status == 202
    assert count_by(driver.transactions(), "event_id") == Counter({answer.body["event_id"]: 1})
    assert count_by(driver.audit_entries(), "event_id") == Counter({answer.body["event_id"]: 1})


@pytest.fixture(params=["transaction_processor", "audit_logger"])
def consumer(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def dead_letter_three_of_twelve(driver: Driver, consumer: str) -> tuple[list[Answer], DrainReport]:
    """Twelve accepted webhooks; the consumer's PutItem fails for three of them whatever happens."""
    batch = deliveries(driver, 12, status="pending")
    answers = driver.send_all(batch)
    fault = Fault("dynamodb", "PutItem", "http_500", when=put_item_of(batch[:3]))
    with driver.functions[consumer].wiretap.failing(fault):
        report = driver.pump(consumer)
    return answers, report


def test_a_write_that_keeps_failing_is_retried_then_moved_to_the_consumers_dlq(
    driver: Driver, consumer: str
) -> None:
    # GIVEN the consumer cannot write 3 of 12 events
    answers, report = dead_letter_three_of_twelve(driver, consumer)
    # THEN each of the 3 was received MAX_RECEIVE_COUNT times, then moved to the DLQ by SQS
    failing_ids = {answer.body["event_id"] for answer in answers[:3]}
    receives = Counter(json.loads(body)["event_id"] for body in report.bodies)
    assert {event_id: receives[event_id] for event_id in failing_ids} == dict.fromkeys(
        failing_ids, MAX_RECEIVE_COUNT
    )
    dead = driver.dead_letters(driver.pipeline.consumers[consumer].dead_letter_queue)
    assert {json.loads(message["Body"])["event_id"] for message in dead} == failing_ids
    # AND the 9 others were written once each
    assert count_by(rows(driver, consumer), "event_id") == Counter(
        {answer.body["event_id"]: 1 for answer in answers[3:]}
    )


def test_dead_lettered_messages_replayed_to_their_queue_land_exactly_once(
    driver: Driver, consumer: str
) -> None:
    # GIVEN 3 of 12 events in the consumer's DLQ after a write outage that is now over
    answers, _ = dead_letter_three_of_twelve(driver, consumer)
    queues = driver.pipeline.consumers[consumer]
    # WHEN an operator replays the DLQ to the consumer's queue and the consumer runs
    replay = driver.replay(queues.dead_letter_queue, queues.queue.url)
    driver.pump(consumer)
    # THEN all 12 are stored exactly once and the DLQ is empty
    assert replay.returncode == 0, replay.stderr
    assert "moved 3 of 3" in replay.stdout
    assert count_by(rows(driver, consumer), "event_id") == Counter(
        answer.body["event_id"] for answer in answers
    )
    depths = driver.depths()
    assert (depths[f"{consumer} queue"], depths[f"{consumer} DLQ"]) == (0, 0)


def test_a_write_that_fails_twice_is_written_once_on_the_third_receive(driver: Driver, consumer: str) -> None:
    # GIVEN the consumer's first two PutItem calls for one event fail (retries of the client included)
    batch = deliveries(driver, 4, status="completed")
    driver.send_all(batch)
    fault = Fault(
        "dynamodb",
        "PutItem",
        "aws_error",
        when=put_item_of(batch[:1]),
        remaining=2,
        error_code="ProvisionedThroughputExceededException",
    )
    with driver.functions[consumer].wiretap.failing(fault):
        report = driver.pump(consumer)
    # THEN SQS delivered it three times, it is stored once, and nothing reached the DLQ
    assert max(report.receives.values()) == 3
    assert len(rows(driver, consumer)) == 4
    assert driver.depths()[f"{consumer} DLQ"] == 0


def test_the_same_queue_message_delivered_twice_is_written_once(driver: Driver, consumer: str) -> None:
    # GIVEN a batch of events received from the consumer's queue
    driver.send_all(deliveries(driver, 5, status="pending"))
    queues = driver.pipeline.consumers[consumer]
    messages = driver.aws.sqs.receive_message(QueueUrl=queues.queue.url, MaxNumberOfMessages=10)["Messages"]
    event = sqs_event(messages, queues.queue.arn)
    # WHEN the function is invoked twice with it (SQS delivers at least once)
    responses = [driver.functions[consumer](event), driver.functions[consumer](event)]
    # THEN both invocations succeed and each event has one row
    assert responses == [{"batchItemFailures": []}] * 2
    assert count_by(rows(driver, consumer), "event_id") == Counter(
        {json.loads(message["Body"])["event_id"]: 1 for message in messages}
    )


def test_an_unreadable_message_is_never_swallowed_but_ends_in_the_dlq(driver: Driver, consumer: str) -> None:
    # GIVEN a message that is not a transaction event in the consumer's queue
    queues = driver.pipeline.consumers[consumer]
    driver.aws.sqs.send_message(QueueUrl=queues.queue.url, MessageBody='{"event_id": "evt_not_an_event"}')
    # WHEN the consumer runs
    report = driver.pump(consumer)
    # THEN it was reported failed on every receive and SQS moved it to the DLQ
    assert report.reported_failures == MAX_RECEIVE_COUNT
    assert [message["Body"] for message in driver.dead_letters(queues.dead_letter_queue)] == [
        '{"event_id": "evt_not_an_event"}'
    ]
    assert rows(driver, consumer) == []
