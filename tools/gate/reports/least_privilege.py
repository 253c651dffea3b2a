"""The least-privilege section of `index.html` (MW-05): each Lambda role against what its function uses.

One row per function of every stack: its role's policies, the actions they grant, those its own
calls use (from the e2e inventory, or declared for a CDK framework function), those AWS uses on
its behalf with the reason, and whatever is unused, missing or cannot be compared. Every value
is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from tools.gate.model import FunctionPrivileges, PrivilegeEntry
from tools.gate.reports.matrix import badge, plural

ANCHOR = "least-privilege"
OBSERVATION = {
    "observed": "observed in the e2e tests",
    "declared": "declared from framework source",
    "none": "never observed",
}


def section(results: tuple[FunctionPrivileges, ...]) -> str:
    title = f'<h2 id="{ANCHOR}">Least privilege by use (MW-05)</h2>'
    if not results:
        return f"{title}<p>Not compared in this run: no evaluation of the roles against observed calls.</p>"
    failing = sum(1 for result in results if not result.passed)
    rows = "".join(_row(result) for result in results)
    return (
        f"{title}<p>{plural(len(results), 'Lambda function')}, {failing} failing. Each role is held against "
        "the AWS calls its function made in the e2e tests (<code>policies/observed_calls.json</code>) and "
        "what AWS does with the role on its behalf (<code>policies/implicit_actions.py</code>). A grant "
        "that is neither, a call that is not granted, a wildcard action or a function never observed "
        "fails the claim.</p>"
        "<table><thead><tr><th>Stack</th><th>Function</th><th>Role policies</th>"
        '<th class="num">Granted</th><th>Used</th><th>Implicit (why)</th><th>Unused / missing / flagged</th>'
        f"<th>Result</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _row(result: FunctionPrivileges) -> str:
    problems = (
        _entries("unused", result.unused)
        + _entries("missing", result.missing)
        + _entries("flagged", result.flagged)
    )
    if result.observation == "none":
        problems = "<div>never observed: no entry in the inventory</div>" + problems
    return (
        f'<tr class="{"" if result.passed else "fail"}"><td>{escape(result.stack)}</td>'
        f"<td><code>{escape(result.handler)}</code>"
        f'<div class="small"><code>{escape(result.path)}</code><br>'
        f"{OBSERVATION[result.observation]}</div></td>"
        f"<td>{_codes(result.policies)}</td>"
        f'<td class="num">{len(result.granted)}</td><td>{_codes(result.used)}</td>'
        f"<td>{_entries('', result.implicit)}</td><td>{problems or '&ndash;'}</td>"
        f"<td>{badge('pass' if result.passed else 'fail')}</td></tr>"
    )


def _codes(values: Iterable[str]) -> str:
    return "<br>".join(f"<code>{escape(value)}</code>" for value in values) or "&ndash;"


def _entries(kind: str, entries: Iterable[PrivilegeEntry]) -> str:
    items = []
    for entry in entries:
        on = f" on <code>{escape(entry.resource)}</code>" if entry.resource else ""
        by = f" by <code>{escape(entry.policy)}</code>" if entry.policy and kind else ""
        label = f"<b>{escape(kind)}</b> " if kind else ""
        items.append(
            f"<div>{label}<code>{escape(entry.action)}</code>{on}{by}"
            f'<div class="small">{escape(entry.note)}</div></div>'
        )
    return "".join(items)
