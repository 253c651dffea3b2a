"""An SQS event source mapping, emulated: what Lambda does between a queue and a consumer.

`drain` polls the queue like the mapping: receive up to 10 messages, invoke the handler with
them as one SQS event, delete the ones it did not report in `batchItemFailures` (all of them if
it raised), and leave the rest in flight. The visibility timeout is the only thing emulated:
a failed message is made visible again at once instead of after the queue's timeout. moto then
does the real redrive: a message received `maxReceiveCount` times moves to the DLQ on the next
receive, exactly as SQS does.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

BATCH_SIZE = 10
Handler = Callable[[dict[str, Any], Any], Any]


@dataclass
class DrainReport:
    invocations: int = 0
    deleted: int = 0
    reported_failures: int = 0
    receives: Counter[str] = field(default_factory=Counter)  # messageId -> times received
    bodies: list[str] = field(default_factory=list)  # every body handed to the handler
    errors: list[str] = field(default_factory=list)  # invocations that raised instead of answering


def sqs_event(messages: list[dict[str, Any]], queue_arn: str) -> dict[str, Any]:
    """The Lambda event for a batch of received messages (aws:sqs records)."""
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": {
                    name: {
                        "stringValue": value.get("StringValue"),
                        "stringListValues": [],
                        "binaryListValues": [],
                        "dataType": value["DataType"],
                    }
                    for name, value in message.get("MessageAttributes", {}).items()
                },
                "md5OfBody": hashlib.md5(message["Body"].encode(), usedforsecurity=False).hexdigest(),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": queue_arn.split(":")[3],
            }
            for message in messages
        ]
    }


def failed_ids(response: Any) -> set[str]:
    """The message ids the invocation did not process: its batchItemFailures."""
    if not isinstance(response, dict):
        raise AssertionError(f"a partial-batch handler must return a dict, got {response!r}")
    return {failure["itemIdentifier"] for failure in response["batchItemFailures"]}


def drain(
    sqs: Any, *, queue_url: str, queue_arn: str, handler: Handler, max_rounds: int = 10_000
) -> DrainReport:
    """Feed every message of the queue to `handler` until the queue is empty (DLQ moves included)."""
    report = DrainReport()
    for _ in range(max_rounds):
        messages = sqs.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=BATCH_SIZE,
            MessageAttributeNames=["All"],
            MessageSystemAttributeNames=["All"],
            WaitTimeSeconds=0,
        ).get("Messages", [])
        if not messages:
            return report
        report.invocations += 1
        report.receives.update(message["MessageId"] for message in messages)
        report.bodies.extend(message["Body"] for message in messages)
        try:
            failed = failed_ids(handler(sqs_event(messages, queue_arn), None))
        except Exception as exc:  # the whole batch returns to the queue, as with Lambda
            report.errors.append(f"{type(exc).__name__}: {exc}")
            failed = {message["MessageId"] for message in messages}
        report.reported_failures += len(failed)
        done = [message for message in messages if message["MessageId"] not in failed]
        retry = [message for message in messages if message["MessageId"] in failed]
        if done:
            sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
            )
            report.deleted += len(done)
        if retry:  # the visibility timeout elapses
            sqs.change_message_visibility_batch(
                QueueUrl=queue_url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                    for i, m in enumerate(retry)
                ],
            )
    raise AssertionError(f"{queue_url} still had messages after {max_rounds} batches")
