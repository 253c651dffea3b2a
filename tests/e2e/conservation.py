"""The conservation law of the webhook pipeline, checked event by event (WH-08, WH-09, WH-13, WH-14).

For every webhook the sender sent (`Sent`: what it sent, every answer it got) and what the
pipeline holds at the end (`Stored`: both tables, every DLQ, every queue), `violations` returns
each breach of the law, naming the seed, the event id and the transaction id:

- bad input is refused with a 4xx (after any number of 5xx) and never stored;
- a valid webhook is never refused with a 4xx; once the sender has retried every 5xx it is
  accepted (2xx), and every 2xx of one webhook names the same event;
- an accepted event is in `audit_logs` exactly once, and in `transactions` exactly once when
  the processor's filter accepts its status (never otherwise), with the amount, currency and
  status sent (amounts compared as Decimal); or, before the replay, it is in a DLQ on the way
  to the table it is missing from;
- nothing is stored that was never accepted, and no transaction is stored under two events;
- after the replay (`replayed=True`) every DLQ and every queue is empty.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from tests.e2e.webhooks import Expected

HANDLER_DLQ: Final = "webhook_handler DLQ"
TABLES: Final = {"transaction_processor": "transactions", "audit_logger": "audit_logs"}
REPRODUCE: Final = (
    "CONSERVATION_SEED={seed} CONSERVATION_WEBHOOKS={webhooks}"
    " pytest tests/e2e/test_conservation.py -p no:xdist"
)


@dataclass
class Sent:
    """One webhook as its sender knows it: what it carried and each answer's status and event id."""

    key: str
    transaction_id: str | None
    expected: Expected | None  # None: bad input, to be refused
    statuses: list[int] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)  # from the 2xx answers

    @property
    def accepted(self) -> bool:
        return any(200 <= status < 300 for status in self.statuses)

    @property
    def waiting(self) -> bool:
        """The last answer told the sender to retry (or there was none yet)."""
        return not self.statuses or self.statuses[-1] >= 500


@dataclass(frozen=True)
class Stored:
    """What the pipeline holds: rows by consumer, message bodies by queue name (DLQs included)."""

    rows: Mapping[str, list[dict[str, Any]]]  # consumer -> its table's items
    messages: Mapping[str, list[str]]  # queue name ("audit_logger DLQ", ...) -> bodies

    def dead_lettered(self) -> dict[str, set[str]]:
        """Event ids in each DLQ."""
        return {
            name: {event_id_of(body) for body in bodies}
            for name, bodies in self.messages.items()
            if name.endswith("DLQ")
        }


@dataclass(frozen=True)
class Violation:
    seed: int
    webhooks: int  # the size of the run: with the seed, what reproduces it
    event_id: str | None
    transaction_id: str | None
    problem: str

    def __str__(self) -> str:
        return (
            f"seed {self.seed}: event {self.event_id} (transaction {self.transaction_id}): {self.problem}"
            f" [reproduce: {REPRODUCE.format(seed=self.seed, webhooks=self.webhooks)}]"
        )


def event_id_of(body: str) -> str:
    try:
        return str(json.loads(body)["event_id"])
    except (ValueError, KeyError, TypeError):
        return f"<unreadable message {body[:40]!r}>"


def _row_problems(row: dict[str, Any], expected: Expected) -> list[str]:
    problems = []
    amount = row.get("amount")
    if not isinstance(amount, Decimal) or amount != expected.amount:
        problems.append(f"amount {amount!r} stored, {expected.amount} sent")
    for name in ("transaction_id", "currency", "status"):
        if row.get(name) != getattr(expected, name):
            problems.append(f"{name} {row.get(name)!r} stored, {getattr(expected, name)!r} sent")
    return problems


@dataclass
class _Checker:
    seed: int
    webhooks: int
    stored: Stored
    processor_statuses: tuple[str, ...]
    replayed: bool
    found: list[Violation] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_event = {consumer: _index(rows, "event_id") for consumer, rows in self.stored.rows.items()}
        self.dead = self.stored.dead_lettered()

    def add(self, event_id: str | None, transaction_id: str | None, problem: str) -> None:
        self.found.append(Violation(self.seed, self.webhooks, event_id, transaction_id, problem))

    def bad_input(self, sent: Sent) -> None:
        if sent.accepted:
            self.add(None, sent.transaction_id, f"bad input accepted (answers {sent.statuses})")
        elif sent.waiting:
            self.add(None, sent.transaction_id, f"bad input never refused (answers {sent.statuses})")

    def valid(self, sent: Sent) -> None:
        tx = sent.transaction_id
        if any(400 <= status < 500 for status in sent.statuses):
            event_id = sent.event_ids[0] if sent.event_ids else None
            self.add(event_id, tx, f"valid webhook refused with a 4xx (answers {sent.statuses})")
        if not sent.accepted:
            self.add(None, tx, f"never accepted though the sender retried (answers {sent.statuses})")
            return
        if len(set(sent.event_ids)) > 1:
            self.add(None, tx, f"one webhook answered with several events {sorted(set(sent.event_ids))}")
        assert sent.expected is not None
        for consumer in TABLES:
            self.stored_once(sent.event_ids[0], sent.expected, consumer)

    def stored_once(self, event_id: str, expected: Expected, consumer: str) -> None:
        table = TABLES[consumer]
        rows = self.by_event[consumer].get(event_id, [])
        if consumer == "transaction_processor" and expected.status not in self.processor_statuses:
            if rows:
                self.add(event_id, expected.transaction_id, f"status {expected.status} stored in {table}")
            return
        if len(rows) > 1:
            self.add(event_id, expected.transaction_id, f"stored {len(rows)} times in {table}")
        for row in rows[:1]:
            for problem in _row_problems(row, expected):
                self.add(event_id, expected.transaction_id, f"{table}: {problem}")
        parked = event_id in self.dead.get(f"{consumer} DLQ", set()) | self.dead.get(HANDLER_DLQ, set())
        if not rows and (self.replayed or not parked):
            where = "after the replay" if self.replayed else "and in no DLQ"
            self.add(event_id, expected.transaction_id, f"LOST: answered 2xx, not in {table} {where}")

    def strays(self, sent: Iterable[Sent]) -> None:
        accepted = {event_id for s in sent for event_id in s.event_ids}
        for consumer, index in self.by_event.items():
            for event_id, rows in index.items():
                if event_id not in accepted:
                    transaction_id = rows[0].get("transaction_id")
                    self.add(event_id, transaction_id, f"in {TABLES[consumer]}, never accepted")
        transactions = self.stored.rows.get("transaction_processor", [])
        for transaction_id, rows in _index(transactions, "transaction_id").items():
            if len({row.get("event_id") for row in rows}) > 1:
                self.add(None, transaction_id, f"one transaction stored as {len(rows)} events")
        if self.replayed:
            for name, bodies in self.stored.messages.items():
                for body in bodies:
                    self.add(event_id_of(body), None, f"still in {name} after the replay")


def _index(rows: Iterable[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        index[str(row.get(key))].append(row)
    return index


def violations(
    sent: Iterable[Sent],
    stored: Stored,
    *,
    seed: int,
    webhooks: int,
    processor_statuses: tuple[str, ...],
    replayed: bool,
) -> list[Violation]:
    """Every breach of the conservation law (empty when every event is accounted for)."""
    ledger = list(sent)
    checker = _Checker(
        seed=seed,
        webhooks=webhooks,
        stored=stored,
        processor_statuses=processor_statuses,
        replayed=replayed,
    )
    for webhook in ledger:
        if webhook.expected is None:
            checker.bad_input(webhook)
        else:
            checker.valid(webhook)
    checker.strays(ledger)
    return checker.found


def conserved_events(sent: Iterable[Sent], found: Iterable[Violation]) -> int:
    """Accepted events with no violation."""
    accepted = {s.event_ids[0] for s in sent if s.expected is not None and s.event_ids}
    broken = {v.event_id for v in found}
    return len(accepted - broken)


def status_counts(sent: Iterable[Sent]) -> Counter[int]:
    return Counter(status for s in sent for status in s.statuses)
