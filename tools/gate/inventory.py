"""`policies/observed_calls.json`: the IAM actions each Lambda function was seen to need (MW-05).

The e2e tests record every AWS call each handler makes (tests/e2e/recorder.py) and keep this file
up to date (tests/e2e/inventory.py); the gate holds each function's role against it
(tools/gate/least_privilege.py). A function is named by its handler string, as in the template.
For each action, `targets` names the resources the calls targeted by the environment variable
that holds them (`$TOPIC_ARN`), which the gate resolves in the template; `?QueueUrl` is a
resource that came from no environment variable.

    {"description": "...", "functions": {"<handler>": {"<service>:<Action>": ["$VAR", ...]}}}
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

ROOT = Path(__file__).resolve().parents[2]
INVENTORY_PATH: Final = ROOT / "policies" / "observed_calls.json"
UPDATE_VARIABLE: Final = "FINTECH_UPDATE_INVENTORY"
UPDATE_COMMAND: Final = f"{UPDATE_VARIABLE}=1 pytest tests/e2e"
DESCRIPTION: Final = (
    "MW-05: every IAM action each Lambda function (by handler) needed in the e2e tests, with the "
    "environment variables naming the resources its calls targeted. Written by the e2e suite; "
    f"regenerate with `{UPDATE_COMMAND}`, review the diff, commit it."
)

# handler -> IAM action -> targets
Inventory = dict[str, dict[str, frozenset[str]]]


def from_json(document: Mapping[str, Any]) -> Inventory:
    return {
        handler: {action: frozenset(targets) for action, targets in actions.items()}
        for handler, actions in document["functions"].items()
    }


def to_json(inventory: Mapping[str, Mapping[str, Iterable[str]]]) -> dict[str, Any]:
    return {
        "description": DESCRIPTION,
        "functions": {
            handler: {action: sorted(targets) for action, targets in sorted(actions.items())}
            for handler, actions in sorted(inventory.items())
        },
    }


def dumps(inventory: Mapping[str, Mapping[str, Iterable[str]]]) -> str:
    return json.dumps(to_json(inventory), indent=2) + "\n"


def load(path: Path = INVENTORY_PATH) -> Inventory:
    return from_json(json.loads(path.read_text(encoding="utf-8")))


def merge(*inventories: Mapping[str, Mapping[str, Iterable[str]]]) -> Inventory:
    merged: dict[str, dict[str, set[str]]] = {}
    for inventory in inventories:
        for handler, actions in inventory.items():
            calls = merged.setdefault(handler, {})
            for action, targets in actions.items():
                calls.setdefault(action, set()).update(targets)
    return {h: {a: frozenset(t) for a, t in calls.items()} for h, calls in merged.items()}


def differences(committed: Inventory, observed: Inventory, *, complete: bool) -> list[str]:
    """What the run saw that the file lacks (`+`), and, after a complete run, the reverse (`-`)."""
    lines = _missing_from(committed, observed, "+", "not in the inventory")
    if complete:
        lines += _missing_from(observed, committed, "-", "not exercised by this run")
    return lines


def _missing_from(base: Inventory, other: Inventory, sign: str, absent: str) -> list[str]:
    lines = []
    for handler, actions in sorted(other.items()):
        if handler not in base:
            lines.append(f"{sign} {handler} ({absent})")
        known = base.get(handler, {})
        for action, targets in sorted(actions.items()):
            if action not in known:
                on = f" on {', '.join(sorted(targets))}" if targets else ""
                lines.append(f"{sign} {handler}: {action}{on}")
            elif extra := sorted(targets - known[action]):
                lines.append(f"{sign} {handler}: {action} on {', '.join(extra)}")
    return lines
