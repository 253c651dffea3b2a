"""One poll of an SQS event source mapping, with the faults of at-least-once delivery.

`poll` does once what Lambda's poller does in a loop (see `event_source`): receive up to 10
messages, invoke the function with them, delete those not in `batchItemFailures` (none if the
invocation failed) and let the rest come back. On seeded draws it also

- crashes the function right after its k-th write (`ConsumerCrashed`): the invocation fails
  after some records were written, so every message of the batch comes back;
- delivers the batch twice: a second invocation gets the same messages (SQS delivers at least
  once); a message is done if either invocation processed it;
- lets the visibility timeout lapse before the delete: processed messages come back and are
  received again (their receive count grows: one may even reach the DLQ after it was stored).

Messages that come back are made visible at once; moto moves a message received
`maxReceiveCount` times to the DLQ on its next receive, as SQS does.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from tests.e2e.chaos import ChaosWiretap, ConsumerCrashed
from tests.e2e.event_source import BATCH_SIZE, failed_ids, sqs_event
from tests.e2e.functions import Function
from tests.e2e.pipeline import ConsumerQueues

POLL_FAULTS: Final = ("crash", "duplicate_delivery", "visibility_lapse")
PollResult = Literal["empty", "polled", "crashed"]


@dataclass(frozen=True)
class PollFaults:
    """Probability, per batch, of each at-least-once fault."""

    crash: float = 0.0
    duplicate_delivery: float = 0.0
    visibility_lapse: float = 0.0


@dataclass
class PollStats:
    batches: int = 0
    received: int = 0
    deleted: int = 0
    injected: Counter[str] = field(default_factory=Counter)  # fault -> batches
    errors: list[str] = field(default_factory=list)  # invocations that raised (not injected crashes)


def _invoke(function: Function, event: dict[str, Any], stats: PollStats) -> set[str] | None:
    """The ids the invocation did not process; None if it failed as a whole."""
    try:
        return failed_ids(function(event))
    except ConsumerCrashed:
        return None
    except Exception as exc:  # the whole batch returns to the queue, as with Lambda
        stats.errors.append(f"{function.name}: {type(exc).__name__}: {exc}")
        return None


def poll(
    sqs: Any,
    *,
    queues: ConsumerQueues,
    function: Function,
    wiretap: ChaosWiretap,
    rng: random.Random,
    faults: PollFaults,
    stats: PollStats,
) -> PollResult:
    """One batch through `function`: "empty" if nothing was visible, "crashed" if the function
    died (the caller starts a new instance, as Lambda would), else "polled"."""
    messages = sqs.receive_message(
        QueueUrl=queues.queue.url,
        MaxNumberOfMessages=BATCH_SIZE,
        MessageAttributeNames=["All"],
        WaitTimeSeconds=0,
    ).get("Messages", [])
    if not messages:
        return "empty"
    stats.batches += 1
    stats.received += len(messages)
    event = sqs_event(messages, queues.queue.arn)
    all_ids = [message["MessageId"] for message in messages]
    crashes = wiretap.crashes
    if rng.random() < faults.crash:
        wiretap.arm_crash(rng.randint(1, len(messages)))
    failed = _invoke(function, event, stats)
    wiretap.arm_crash(None)
    crashed = wiretap.crashes > crashes
    stats.injected["crash"] += crashed
    not_done = set(all_ids) if failed is None else failed
    if rng.random() < faults.duplicate_delivery:
        stats.injected["duplicate_delivery"] += 1
        again = _invoke(function, event, stats)
        not_done &= set(all_ids) if again is None else again
    done = [m for m in messages if m["MessageId"] not in not_done]
    back = [m for m in messages if m["MessageId"] in not_done]
    if done and rng.random() < faults.visibility_lapse:
        stats.injected["visibility_lapse"] += 1
        back, done = back + done, []
    if done:
        sqs.delete_message_batch(
            QueueUrl=queues.queue.url,
            Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
        )
        stats.deleted += len(done)
    if back:
        sqs.change_message_visibility_batch(
            QueueUrl=queues.queue.url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                for i, m in enumerate(back)
            ],
        )
    return "crashed" if crashed else "polled"
