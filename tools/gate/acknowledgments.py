"""Matching findings to acknowledgments (GT-06), shared by the gate and the test suite.

The app is synthesized in record mode, so every tool reports every finding; these functions decide
which findings an acknowledgment covers, which are open, and which acknowledgments are stale
(cover no finding) or expired (their date is today or earlier).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Protocol


class Covers(Protocol):
    finding: str
    path: str
    expires: dt.date

    def covers(self, rule_id: str, construct_path: str) -> bool: ...


def split_by_acknowledgment(
    raw: list[dict[str, Any]], records: Sequence[Any]
) -> tuple[list[dict[str, Any]], list[tuple[str, str, Any]], list[Any]]:
    """cdk-nag violations -> (unacknowledged violations, acknowledged (rule, path, record), stale records)."""
    open_violations: list[dict[str, Any]] = []
    acknowledged: list[tuple[str, str, Any]] = []
    used: set[int] = set()
    for violation in raw:
        left = []
        for construct in violation["violatingConstructs"]:
            path = construct["constructPath"]
            record = covering(records, violation["ruleName"], path)
            if record is None:
                left.append(construct)
            else:
                used.add(id(record))
                acknowledged.append((violation["ruleName"], path, record))
        if left:
            open_violations.append({**violation, "violatingConstructs": left})
    stale = [r for r in records if id(r) not in used]
    return open_violations, acknowledged, stale


def covering(records: Iterable[Any], rule_id: str, construct_path: str) -> Any | None:
    """The first acknowledgment covering `rule_id` on `construct_path`, or None."""
    return next((r for r in records if r.covers(rule_id, construct_path)), None)


def stale_records(records: Sequence[Any], failures: Iterable[tuple[str, str]]) -> list[Any]:
    """The acknowledgments that cover none of `failures` (rule id, construct path)."""
    failures = list(failures)
    return [r for r in records if not any(r.covers(rule, path) for rule, path in failures)]


def expired(record: Any, today: dt.date) -> bool:
    """An acknowledgment expires on its date: `expires <= today` fails the gate."""
    return bool(record.expires <= today)
