"""A seeded run of the webhook pipeline under faults, from the first webhook to the DLQ replay.

Everything random comes from `random.Random` streams derived from one seed: the schedule (what
happens at each step), the sender (`sender`), each function's faults (`ChaosWiretap`) and the
event source's faults (`poller`). Each step sends one new webhook, and on seeded draws sends an
earlier one again, retries the 5xx whose time has come, runs the consumers for a few batches,
cold-starts a function, or starts an outage. Each kind of outage is forced once per run at a
fixed point, so every run goes through all of them:

- `publish`: SNS Publish fails: the event goes to the webhook_handler DLQ, the sender gets 202;
- `publish_and_dlq`: Publish and the DLQ write fail: 503, the sender retries;
- `secret`: a new webhook_handler instance cannot read its signing secret: 503;
- `processor_writes`, `audit_writes`: a consumer's PutItem fails: retries, then its DLQ.

Then the faults stop: the sender retries every webhook still answered 5xx, the consumers drain
their queues, the run is checked (`conservation.violations`), every non-empty DLQ is replayed
with `python -m tools.replay_dlq` (as an operator runs it), and the run is checked again.
Client retries happen at once (botocore's backoff is patched to 0): the run is about outcomes,
not timing.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Final

import pytest
from botocore.retries import standard

from policies.constants import PROCESSOR_STATUSES
from tests.e2e.chaos import CHAOS_KINDS, ChaosKind, ChaosWiretap
from tests.e2e.conservation import Stored, Violation, violations
from tests.e2e.driver import Driver
from tests.e2e.functions import FUNCTIONS, bind, cold_start
from tests.e2e.outcome import Outcome
from tests.e2e.pipeline import CONSUMERS, Aws, Queue, create_pipeline, queue_depth, scan
from tests.e2e.poller import POLL_FAULTS, PollFaults, PollStats, poll
from tests.e2e.sender import Habits, Sender
from tests.e2e.topology import Subscription
from tests.e2e.webhooks import WorkloadBuilder

OUTAGES: Final = ("publish", "publish_and_dlq", "secret", "processor_writes", "audit_writes")
MOVED: Final = re.compile(r"moved (\d+) of (\d+)")


@dataclass(frozen=True)
class Rates:
    """Every probability of the run: per HTTP attempt (`noise`), per batch (`poll`), per step."""

    noise: dict[ChaosKind, float]
    poll: PollFaults
    sender: Habits = field(default_factory=Habits)
    pump: float = 0.15  # the consumers run a few batches
    cold_start: float = 0.004
    outage: float = 0.006  # beyond the forced one of each kind
    outage_kinds: tuple[ChaosKind, ...] = CHAOS_KINDS


CHAOS: Final = Rates(
    noise={"throttled": 0.03, "http_500": 0.03, "connection_error": 0.02, "read_timeout": 0.03},
    poll=PollFaults(crash=0.05, duplicate_delivery=0.05, visibility_lapse=0.05),
)


def peek(aws: Aws, queue: Queue) -> list[str]:
    """The bodies of every message in `queue`, left in it and visible again."""
    held: dict[str, dict[str, Any]] = {}
    while True:
        messages = aws.sqs.receive_message(
            QueueUrl=queue.url, MaxNumberOfMessages=10, VisibilityTimeout=60, WaitTimeSeconds=0
        ).get("Messages", [])
        fresh = [m for m in messages if m["MessageId"] not in held]
        if not fresh:
            break
        held.update((m["MessageId"], m) for m in fresh)
    handles = [m["ReceiptHandle"] for m in held.values()]
    for start in range(0, len(handles), 10):
        aws.sqs.change_message_visibility_batch(
            QueueUrl=queue.url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": handle, "VisibilityTimeout": 0}
                for i, handle in enumerate(handles[start : start + 10])
            ],
        )
    return [m["Body"] for m in held.values()]


@dataclass
class ConservationRun:
    seed: int
    webhooks: int
    aws: Aws
    subscriptions: list[Subscription]
    endpoint_url: str
    monkeypatch: pytest.MonkeyPatch
    rates: Rates = CHAOS

    def __post_init__(self) -> None:
        self.monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda *_: 0)  # retries at once
        self.rng = random.Random(f"{self.seed}:schedule")
        self.poll_rng = random.Random(f"{self.seed}:event-source")
        self.pipeline = create_pipeline(self.aws, self.subscriptions)
        self.wiretaps = {
            name: ChaosWiretap(
                function=name,
                rng=random.Random(f"{self.seed}:{name}"),
                rates=dict(self.rates.noise),
            )
            for name in FUNCTIONS
        }
        functions = bind(
            self.pipeline,
            endpoint_url=self.endpoint_url,
            monkeypatch=self.monkeypatch,
            wiretaps=self.wiretaps,
        )
        self.driver = Driver(
            aws=self.aws, pipeline=self.pipeline, functions=functions, endpoint_url=self.endpoint_url
        )
        builder = WorkloadBuilder(
            secret=self.pipeline.secret, now=int(time.time()), prefix=f"tx_s{self.seed}", seed=self.seed
        )
        self.sender = Sender(
            send=self.driver.send,
            builder=builder,
            rng=random.Random(f"{self.seed}:sender"),
            habits=self.rates.sender,
        )
        self.poll_faults = self.rates.poll
        self.poll_stats = PollStats()
        self.cold_starts: Counter[str] = Counter()
        self.outages: Counter[str] = Counter()

    # --- the platform -------------------------------------------------------------------------

    def cold_start(self, name: str) -> None:
        self.cold_starts[name] += 1
        self.driver.functions[name] = cold_start(
            name,
            endpoint_url=self.endpoint_url,
            environment=self.pipeline.environment(),
            monkeypatch=self.monkeypatch,
            wiretap=self.wiretaps[name],
        )

    def outage(self, name: str) -> None:
        self.outages[name] += 1
        kind = self.rng.choice(self.rates.outage_kinds)
        handler = self.wiretaps["webhook_handler"]
        if name == "publish":
            handler.outage("sns.Publish", kind=kind, calls=self.rng.randint(2, 8))
        elif name == "publish_and_dlq":
            calls = self.rng.randint(2, 8)
            handler.outage("sns.Publish", kind=kind, calls=calls)
            handler.outage("sqs.SendMessage", kind=self.rng.choice(self.rates.outage_kinds), calls=calls)
        elif name == "secret":
            handler.outage("secretsmanager.GetSecretValue", kind=kind, calls=self.rng.randint(1, 3))
            self.cold_start("webhook_handler")
        else:
            consumer = "transaction_processor" if name == "processor_writes" else "audit_logger"
            self.wiretaps[consumer].outage("dynamodb.PutItem", kind=kind, calls=self.rng.randint(40, 120))

    def poll(self, consumer: str) -> str:
        result = poll(
            self.aws.sqs,
            queues=self.pipeline.consumers[consumer],
            function=self.driver.functions[consumer],
            wiretap=self.wiretaps[consumer],
            rng=self.poll_rng,
            faults=self.poll_faults,
            stats=self.poll_stats,
        )
        if result == "crashed":
            self.cold_start(consumer)
        return result

    def pump_some(self) -> None:
        for consumer in CONSUMERS:
            for _ in range(self.rng.randint(1, 4)):
                if self.poll(consumer) == "empty":
                    break

    def drain(self) -> None:
        """Every consumer queue emptied (a message made visible a moment ago may need a new receive)."""
        for consumer in CONSUMERS:
            queue = self.pipeline.consumers[consumer].queue
            for _ in range(100_000):
                if self.poll(consumer) == "empty" and queue_depth(self.aws, queue) == 0:
                    break

    # --- the run ------------------------------------------------------------------------------

    def schedule(self) -> None:
        forced: dict[int, str] = {
            (index + 1) * self.webhooks // (len(OUTAGES) + 1): name for index, name in enumerate(OUTAGES)
        }
        for wiretap in self.wiretaps.values():
            wiretap.enabled = True
        for step in range(self.webhooks):
            if step in forced:
                self.outage(forced[step])
            elif self.rng.random() < self.rates.outage:
                self.outage(self.rng.choice(OUTAGES))
            if self.rng.random() < self.rates.cold_start:
                self.cold_start(self.rng.choice(FUNCTIONS))
            self.sender.new(step)
            self.sender.maybe_duplicate(step)
            self.sender.retry_due(step)
            if self.rng.random() < self.rates.pump:
                self.pump_some()

    def settle(self) -> None:
        """Faults off; the sender retries whatever is still answered 5xx; the queues drain."""
        for wiretap in self.wiretaps.values():
            wiretap.quiet()
        self.poll_faults = PollFaults()
        self.sender.settle()
        self.drain()

    def stored(self) -> Stored:
        return Stored(
            rows={
                "transaction_processor": scan(self.aws, self.pipeline.transactions_table),
                "audit_logger": scan(self.aws, self.pipeline.audit_table),
            },
            messages={name: peek(self.aws, queue) for name, queue in self.driver.queues().items()},
        )

    def replay(self, stored: Stored) -> dict[str, tuple[int, int, int]]:
        """Every non-empty DLQ replayed to where its messages came from, then the queues drained."""
        targets = {"webhook_handler DLQ": (self.pipeline.handler_dlq, self.pipeline.topic_arn)}
        for consumer, queues in self.pipeline.consumers.items():
            targets[f"{consumer} DLQ"] = (queues.dead_letter_queue, queues.queue.url)
        results = {}
        for name, (dlq, target) in targets.items():
            if stored.messages[name]:
                process = self.driver.replay(dlq, target)
                moved = MOVED.search(process.stdout)
                counts = (int(moved.group(1)), int(moved.group(2))) if moved else (0, 0)
                results[name] = (process.returncode, *counts)
        self.drain()
        return results

    def run(self, *, replay: bool = True) -> Outcome:
        """The whole run; without `replay`, it stops once the faults stopped and the queues drained."""
        started = time.perf_counter()
        self.schedule()
        self.settle()
        before = self.stored()
        replayed = self.replay(before) if replay else {}
        after = self.stored() if replay else None
        return Outcome(
            seed=self.seed,
            webhooks=self.webhooks,
            sent=list(self.sender.sent.values()),
            sends=self.sender.sends,
            faults=self.fault_counts(),
            faults_by_operation=self.faults_by_operation(),
            conditional_check_failed=sum(
                count
                for wiretap in self.wiretaps.values()
                for (_, code), count in wiretap.answered.items()
                if code == "ConditionalCheckFailedException"
            ),
            dead_lettered={name: len(before.messages[name]) for name in before.dead_lettered()},
            replayed=replayed,
            rows={consumer: len(rows) for consumer, rows in (after or before).rows.items()},
            function_errors=self.sender.errors + self.poll_stats.errors,
            before=before,
            after=after,
            before_replay=self.check(before, replayed=False),
            after_replay=None if after is None else self.check(after, replayed=True),
            seconds=time.perf_counter() - started,
        )

    def check(self, stored: Stored, *, replayed: bool) -> list[Violation]:
        return violations(
            self.sender.sent.values(),
            stored,
            seed=self.seed,
            webhooks=self.webhooks,
            processor_statuses=PROCESSOR_STATUSES,
            replayed=replayed,
        )

    def faults_by_operation(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for name, wiretap in self.wiretaps.items():
            for (operation, _), attempts in wiretap.injected.items():
                counts[f"{name}:{operation}"] += attempts
        return counts

    def fault_counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for wiretap in self.wiretaps.values():
            for (_, kind), attempts in wiretap.injected.items():
                counts[kind] += attempts
        for fault in POLL_FAULTS:
            counts[fault] += self.poll_stats.injected[fault]
        counts["answer_lost"] = self.sender.lost_answers
        counts.update({f"outage:{name}": count for name, count in self.outages.items()})
        counts.update({f"cold_start:{name}": count for name, count in self.cold_starts.items()})
        counts["duplicate_webhook"] = self.sender.sends["duplicate"]
        return counts
