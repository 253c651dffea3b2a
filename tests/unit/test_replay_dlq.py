"""The DLQ replay command against in-process moto: moves, preserves attributes, never loses a message."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

from tools.replay_dlq import EXIT_NOT_ALL_MOVED, EXIT_OK, EXIT_USAGE, forwarded_attributes, main

REPO = Path(__file__).resolve().parents[2]
ATTRIBUTES = {
    "event_type": {"DataType": "String", "StringValue": "transaction.completed"},
    "status": {"DataType": "String", "StringValue": "completed"},
    "failure": {"DataType": "String", "StringValue": "KMSThrottlingException"},
}


@dataclass
class Queues:
    sqs: Any
    dlq: str
    target: str

    def send(self, count: int) -> list[str]:
        bodies = [json.dumps({"event_id": f"evt_{n}"}) for n in range(count)]
        for body in bodies:
            self.sqs.send_message(QueueUrl=self.dlq, MessageBody=body, MessageAttributes=ATTRIBUTES)
        return bodies

    def drain(self, queue: str) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        while batch := self.sqs.receive_message(
            QueueUrl=queue, MaxNumberOfMessages=10, MessageAttributeNames=["All"], VisibilityTimeout=60
        ).get("Messages", []):
            messages.extend(batch)
        return messages


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(*args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = main([*args, "--region", "eu-west-1", "--wait-seconds", "0"], out=out, err=err)
    return Run(code=code, out=out.getvalue(), err=err.getvalue())


@pytest.fixture
def queues(aws: None) -> Iterator[Queues]:
    sqs = boto3.client("sqs")
    yield Queues(
        sqs=sqs,
        dlq=sqs.create_queue(QueueName="transaction-processor-dlq")["QueueUrl"],
        target=sqs.create_queue(QueueName="transaction-processor-queue")["QueueUrl"],
    )


def test_messages_move_from_the_dlq_to_their_queue(queues: Queues) -> None:
    # GIVEN three messages in a DLQ
    bodies = queues.send(3)
    # WHEN they are replayed to their queue
    result = run("--dlq", queues.dlq, "--to", queues.target)
    # THEN all three are in the queue and none is left in the DLQ
    assert result.code == EXIT_OK
    assert sorted(message["Body"] for message in queues.drain(queues.target)) == sorted(bodies)
    assert queues.drain(queues.dlq) == []
    assert result.out.splitlines()[-1].startswith("moved 3 of 3 message(s)")


def test_attributes_are_preserved_except_the_failure_reason(queues: Queues) -> None:
    queues.send(1)
    run("--dlq", queues.dlq, "--to", queues.target)
    (message,) = queues.drain(queues.target)
    assert {name: value["StringValue"] for name, value in message["MessageAttributes"].items()} == {
        "event_type": "transaction.completed",
        "status": "completed",
    }


def test_messages_move_from_the_dlq_to_the_topic_and_on_to_its_subscribers(queues: Queues) -> None:
    # GIVEN a topic with an SQS subscription, as the webhook handler's DLQ replays to
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="payment_events")["TopicArn"]
    queue_arn = queues.sqs.get_queue_attributes(QueueUrl=queues.target, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"}
    )
    bodies = queues.send(2)
    # WHEN the DLQ is replayed to the topic
    result = run("--dlq", queues.dlq, "--to", topic)
    # THEN the subscriber receives the bodies with their filterable attributes
    assert result.code == EXIT_OK
    received = queues.drain(queues.target)
    assert sorted(message["Body"] for message in received) == sorted(bodies)
    assert all(set(message["MessageAttributes"]) == {"event_type", "status"} for message in received)
    assert queues.drain(queues.dlq) == []


def test_at_most_max_messages_are_moved(queues: Queues) -> None:
    queues.send(5)
    assert run("--dlq", queues.dlq, "--to", queues.target, "--max", "2").code == EXIT_OK
    assert (len(queues.drain(queues.target)), len(queues.drain(queues.dlq))) == (2, 3)


def test_a_large_dlq_is_moved_in_batches_of_ten(queues: Queues) -> None:
    queues.send(23)
    result = run("--dlq", queues.dlq, "--to", queues.target)
    assert [line.split(":")[0] for line in result.out.splitlines()[:-1]] == ["batch 1", "batch 2", "batch 3"]
    assert len(queues.drain(queues.target)) == 23


def test_a_dry_run_sends_and_deletes_nothing(queues: Queues) -> None:
    queues.send(4)
    result = run("--dlq", queues.dlq, "--to", queues.target, "--dry-run")
    assert result.code == EXIT_OK
    assert "dry run: 4 message(s)" in result.out
    assert queues.drain(queues.target) == []
    assert len(queues.drain(queues.dlq)) == 4  # and visible again straight away


@pytest.mark.parametrize(
    "target",
    [
        "https://sqs.eu-west-1.amazonaws.com/123456789012/no-such-queue",
        "arn:aws:sns:eu-west-1:123456789012:no-such-topic",
    ],
)
def test_nothing_is_deleted_when_the_send_fails(queues: Queues, target: str) -> None:
    # GIVEN messages in a DLQ and a target that does not exist
    queues.send(3)
    # WHEN they are replayed
    result = run("--dlq", queues.dlq, "--to", target)
    # THEN the command says so and exits 1, and every message is still in the DLQ, visible again
    assert result.code == EXIT_NOT_ALL_MOVED
    assert "3 could not be moved and stay in the DLQ" in result.out
    assert len(queues.drain(queues.dlq)) == 3


def test_an_unreadable_dlq_is_a_one_line_error(queues: Queues) -> None:
    result = run("--dlq", queues.dlq + "-missing", "--to", queues.target)
    assert result.code == EXIT_NOT_ALL_MOVED
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith("replay_dlq: error: cannot receive from")


def test_an_empty_dlq_moves_nothing_and_succeeds(queues: Queues) -> None:
    result = run("--dlq", queues.dlq, "--to", queues.target)
    assert (result.code, result.out.splitlines()) == (
        EXIT_OK,
        [f"moved 0 of 0 message(s) from {queues.dlq} to {queues.target}"],
    )


DLQ = "https://sqs.eu-west-1.amazonaws.com/123456789012/dlq"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:payment_events"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--to", TOPIC],
        ["--dlq", DLQ],
        ["--dlq", DLQ, "--to", "payment_events"],
        ["--dlq", "dlq", "--to", TOPIC],
        ["--dlq", DLQ, "--to", TOPIC, "--max", "0"],
        ["--dlq", DLQ, "--to", TOPIC, "--max", "ten"],
        ["--dlq", DLQ, "--to", DLQ],
        ["--dlq", DLQ, "--to", TOPIC, "--wait-seconds", "21"],
        ["--dlq", DLQ, "--to", TOPIC, "--unknown"],
    ],
)
def test_bad_arguments_are_a_one_line_error_and_exit_2(args: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(args, out=out, err=err) == EXIT_USAGE
    assert len(err.getvalue().splitlines()) == 1
    assert err.getvalue().startswith("replay_dlq: error: ")
    assert out.getvalue() == ""


def test_the_command_line_reports_bad_arguments_without_a_traceback() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "tools.replay_dlq", "--dlq", DLQ, "--to", "not-a-target"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == EXIT_USAGE
    assert completed.stderr.splitlines() == [
        "replay_dlq: error: --to must be an SNS topic ARN or an SQS queue URL (see --help)"
    ]


def test_forwarded_attributes_keep_every_type_and_drop_the_failure() -> None:
    attributes = {
        "status": {
            "DataType": "String",
            "StringValue": "completed",
            "StringListValues": [],
            "BinaryListValues": [],
        },
        "count": {"DataType": "Number", "StringValue": "3"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        "failure": {"DataType": "String", "StringValue": "InternalError"},
    }
    assert forwarded_attributes(attributes) == {
        "status": {"DataType": "String", "StringValue": "completed"},
        "count": {"DataType": "Number", "StringValue": "3"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
    }
