"""The payment provider's side of a run: signed webhooks out, answers in, 5xx retried.

The `Sender` keeps, per webhook, what it sent and every answer it got (`conservation.Sent`). It
sends new webhooks (about 3 % bad input, the rest valid, some with the extreme amounts), sends
some again (the same webhook twice), retries every 5xx a few steps later, and sometimes never
sees a 202 that the pipeline did send (a lost answer: the sender sees a 504 and retries). A
webhook sent again is signed anew if its body fixes the event time (`created_at`), else it is
the identical request: the contract's two ways of being the same webhook.
"""

from __future__ import annotations

import heapq
import itertools
import random
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from tests.e2e.conservation import Sent
from tests.e2e.driver import Answer
from tests.e2e.webhooks import EXTREMES, SIGNATURE_HEADER, Delivery, WorkloadBuilder, decode

GATEWAY_ERROR = 502  # API Gateway's answer when the function itself fails
LOST_ANSWER = 504  # what the sender sees when the 202 never reaches it


@dataclass(frozen=True)
class Habits:
    """How the sender behaves, as probabilities per webhook and delays in steps."""

    bad_input: float = 0.03
    extreme_amount: float = 0.03
    duplicate: float = 0.08  # the same webhook sent again
    answer_lost: float = 0.02  # a 202 that never reaches the sender
    retry_within: int = 40  # steps until a 5xx is retried
    recent: int = 200  # duplicates are of the last `recent` webhooks


@dataclass
class Sender:
    send: Callable[[Delivery], Answer]
    builder: WorkloadBuilder
    rng: random.Random
    habits: Habits = field(default_factory=Habits)
    sent: dict[str, Sent] = field(default_factory=dict)
    requests: dict[str, Delivery] = field(default_factory=dict)  # key -> the first request
    sends: Counter[str] = field(default_factory=Counter)  # reason -> requests
    lost_answers: int = 0
    errors: list[str] = field(default_factory=list)  # deliveries the function failed on

    def __post_init__(self) -> None:
        self.retries: list[tuple[int, int, str]] = []  # heap of (due step, order, key)
        self.order = itertools.count()
        self.recent: deque[str] = deque(maxlen=self.habits.recent)
        self.bad_inputs: deque[Delivery] = deque()

    def deliver(self, key: str, delivery: Delivery, *, reason: str, step: int) -> None:
        self.sends[reason] += 1
        try:
            answer = self.send(delivery)
            status, body = answer.status, answer.body
        except Exception as exc:
            self.errors.append(f"{key}: {type(exc).__name__}: {exc}")
            status, body = GATEWAY_ERROR, {}
        accepted = 200 <= status < 300
        if accepted and reason != "settle" and self.rng.random() < self.habits.answer_lost:
            self.lost_answers += 1
            status, body = LOST_ANSWER, {}
        sent = self.sent[key]
        sent.statuses.append(status)
        if 200 <= status < 300:
            sent.event_ids.append(str(body["event_id"]))
        elif status >= 500:
            due = step + self.rng.randint(1, self.habits.retry_within)
            heapq.heappush(self.retries, (due, next(self.order), key))

    def again(self, key: str) -> Delivery:
        """The same webhook once more (see the module docstring)."""
        first = self.requests[key]
        if self.sent[key].expected is None or "created_at" not in decode(first.body):
            return first
        signature = self.builder.signed(first.body, at=int(time.time()))
        return replace(first, headers={SIGNATURE_HEADER: signature})

    def _bad_input(self, key: str) -> Delivery:
        if not self.bad_inputs:
            self.bad_inputs.extend(self.builder.refusals())
        delivery = self.bad_inputs.popleft()
        try:
            transaction_id: str | None = str(decode(delivery.body)["transaction_id"])
        except (ValueError, KeyError, TypeError):
            transaction_id = None  # not a JSON object with an id: nothing of it can be stored
        self.sent[key] = Sent(key=key, transaction_id=transaction_id, expected=None)
        return delivery

    def _valid(self, key: str) -> Delivery:
        document = self.builder.fields()
        if self.rng.random() < self.habits.extreme_amount:
            document["currency"], document["amount"] = self.rng.choice(EXTREMES)
        delivery = self.builder.valid(
            document, rotation=self.rng.random() < 0.1, base64_encoded=self.rng.random() < 0.1
        )
        assert delivery.transaction is not None
        transaction_id = delivery.transaction.transaction_id
        self.sent[key] = Sent(key=key, transaction_id=transaction_id, expected=delivery.transaction)
        self.recent.append(key)
        return delivery

    def new(self, step: int) -> None:
        """One new webhook, signed now."""
        key = f"wh_{len(self.sent) + 1:05d}"
        self.builder.now = int(time.time())
        bad = self.rng.random() < self.habits.bad_input
        delivery = self._bad_input(key) if bad else self._valid(key)
        self.requests[key] = delivery
        self.deliver(key, delivery, reason="new", step=step)

    def maybe_duplicate(self, step: int) -> None:
        if self.recent and self.rng.random() < self.habits.duplicate:
            key = self.rng.choice(self.recent)
            self.deliver(key, self.again(key), reason="duplicate", step=step)

    def retry_due(self, step: int) -> None:
        while self.retries and self.retries[0][0] <= step:
            _, _, key = heapq.heappop(self.retries)
            self.deliver(key, self.again(key), reason="sender_retry", step=step)

    def settle(self, *, rounds: int = 5) -> None:
        """Retry, now, every webhook whose last answer was a 5xx (the faults are over)."""
        self.retries.clear()
        for _ in range(rounds):
            for key in [key for key, sent in self.sent.items() if sent.waiting]:
                self.deliver(key, self.again(key), reason="settle", step=0)
