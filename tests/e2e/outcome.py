"""What a conservation run did and found: the counts it prints and the checker's verdicts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tests.e2e.conservation import Sent, Stored, Violation, conserved_events, status_counts


@dataclass
class Outcome:
    seed: int
    webhooks: int
    sent: list[Sent]
    sends: Counter[str]  # reason (new, duplicate, sender_retry, settle) -> requests
    faults: Counter[str]  # kind -> times injected
    faults_by_operation: Counter[str]  # "function:service.Operation" -> attempts faulted
    conditional_check_failed: int  # answers on the idempotency path
    dead_lettered: dict[str, int]  # DLQ -> messages in it before the replay
    replayed: dict[str, tuple[int, int, int]]  # DLQ -> (exit code, moved, received)
    rows: dict[str, int]  # consumer -> rows in its table at the end
    function_errors: list[str]  # invocations that failed other than by an injected crash
    before: Stored  # once the faults stopped and the queues drained
    after: Stored | None  # after the replay (None: the run stopped before it)
    before_replay: list[Violation]
    after_replay: list[Violation] | None
    seconds: float

    @property
    def accepted(self) -> int:
        return sum(1 for sent in self.sent if sent.expected is not None and sent.event_ids)

    def report(self) -> str:
        replayed = sum(moved for _, moved, _ in self.replayed.values())
        if self.after_replay is None:
            conserved_after = violations_after = "(no replay)"
        else:
            conserved_after = str(conserved_events(self.sent, self.after_replay))
            violations_after = str(len(self.after_replay))
        conserved_before = conserved_events(self.sent, self.before_replay)
        return "\n".join(
            [
                f"conservation run, seed {self.seed}: {self.webhooks} webhooks in {self.seconds:.1f} s",
                f"  sent {sum(self.sends.values())} requests: {dict(sorted(self.sends.items()))}",
                f"  answers: {dict(sorted(status_counts(self.sent).items()))}",
                f"  faults injected: {dict(sorted(self.faults.items()))}",
                f"  by operation: {dict(sorted(self.faults_by_operation.items()))}",
                f"  ConditionalCheckFailed answered (idempotency path): {self.conditional_check_failed}",
                f"  events accepted {self.accepted}, conserved {conserved_before} before the replay,"
                f" {conserved_after} after",
                f"  dead-lettered: {self.dead_lettered}; replayed {replayed}: {self.replayed}",
                f"  rows: {self.rows}; violations: {len(self.before_replay)} before the replay,"
                f" {violations_after} after",
            ]
        )
