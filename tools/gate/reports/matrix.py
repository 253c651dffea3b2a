"""The traceability matrix: claim -> PCI DSS v4.0 controls -> verifiers -> resources -> result.

One `<details>` per claim (open when the claim fails), grouped by claim family. Inside, one table
row per evaluation: the verifier cell spans its evaluations; a verifier that did not run gets one
grey row saying so.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from tools.gate.model import ClaimResult, Evaluation, VerifierResult

FAMILIES = {
    "MW": "MW: mission-wide (every stack)",
    "WH": "WH: webhook pipeline",
    "TX": "TX: transaction web app",
    "GT": "GT: the compliance gate",
}
BADGES = {"pass": ("pass", "PASS"), "fail": ("fail", "FAIL"), "acknowledged": ("ack", "ACK")}
NOT_RUN = '<span class="badge skip">NOT RUN</span>'


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def badge(result: str) -> str:
    css, label = BADGES[result]
    return f'<span class="badge {css}">{label}</span>'


def matrix(claims: tuple[ClaimResult, ...]) -> str:
    parts: list[str] = []
    family = None
    for claim in claims:
        prefix = claim.id.split("-", 1)[0]
        if prefix != family:
            family = prefix
            parts.append(f'<h3 id="family-{escape(prefix)}">{escape(FAMILIES.get(prefix, prefix))}</h3>')
        parts.append(claim_details(claim))
    return "\n".join(parts)


def controls_index(claims: tuple[ClaimResult, ...]) -> str:
    """PCI DSS v4.0 requirement -> the claims that support it, with their results (the reverse view)."""
    by_control: dict[str, list[ClaimResult]] = {}
    for claim in claims:
        for control in claim.pci_dss:
            by_control.setdefault(control, []).append(claim)
    rows = "".join(
        f'<tr class="{"fail" if any(not c.passed for c in supporting) else ""}">'
        f"<td><b>{escape(control)}</b></td><td>"
        + " ".join(
            f'<a href="#claim-{escape(c.id)}">{escape(c.id)}</a> {badge("pass" if c.passed else "fail")}'
            for c in supporting
        )
        + "</td></tr>"
        for control, supporting in sorted(by_control.items(), key=lambda item: _control_key(item[0]))
    )
    return (
        '<table class="controls"><thead><tr><th>PCI DSS v4.0 requirement</th>'
        f"<th>Supported by claims</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _control_key(control: str) -> tuple[tuple[int, str], ...]:
    """Numeric order: 3.5.1 before 10.2.1."""
    return tuple((int(part), "") if part.isdigit() else (0, part) for part in control.split("."))


def claim_details(claim: ClaimResult) -> str:
    result = "pass" if claim.passed else "fail"
    controls = ", ".join(claim.pci_dss) or "none stated"
    failing = sum(1 for v in claim.verifiers for e in v.evaluations if e.result == "fail")
    ran = [v for v in claim.verifiers if v.ran]
    meta = [
        f"PCI DSS v4.0: {controls}",
        f"{plural(len(claim.verifiers), 'verifier')} ({len(ran)} ran)",
        plural(len(_resources(claim)), "resource"),
    ]
    if failing:
        meta.append(f"{failing} failing")
    if not ran:
        meta.append("no verifier ran: the claim is unverified")
    return (
        f'<details class="claim {result}" id="claim-{escape(claim.id)}" data-result="{result}"'
        f"{' open' if result == 'fail' else ''}>"
        f'<summary>{badge(result)}<span class="id">{escape(claim.id)}</span>{escape(claim.statement)}'
        f'<span class="meta">{escape(" · ".join(meta))}</span></summary>'
        f'<div class="body">{_table(claim)}</div></details>'
    )


def _resources(claim: ClaimResult) -> set[tuple[str, str]]:
    return {
        (e.stack, e.logical_id)
        for v in claim.verifiers
        if v.kind != "test"
        for e in v.evaluations
        if e.logical_id
    }


def _table(claim: ClaimResult) -> str:
    head = (
        "<tr><th>Verifier</th><th>Stack</th><th>Logical ID</th><th>Construct path / test</th>"
        "<th>Result</th><th>Message / acknowledgment</th></tr>"
    )
    rows = "".join(row for verifier in claim.verifiers for row in _verifier_rows(verifier))
    if not claim.verifiers:
        rows = '<tr class="fail"><td colspan="6">No verifier is registered for this claim.</td></tr>'
    return f'<table class="matrix"><thead>{head}</thead><tbody>{rows}</tbody></table>'


def _verifier_rows(verifier: VerifierResult) -> Iterator[str]:
    state = NOT_RUN if not verifier.ran else badge("pass" if verifier.passed else "fail")
    cell = (
        f"<code>{escape(verifier.kind)}:{escape(verifier.id)}</code> {state}"
        f'<div class="small">{escape(verifier.description)}</div>'
    )
    if not verifier.ran:
        yield (
            f'<tr class="skip"><td class="verifier">{cell}</td>'
            '<td colspan="5">Did not run in this gate run: it contributes nothing to the verdict.</td></tr>'
        )
        return
    if not verifier.evaluations:
        yield (
            f'<tr><td class="verifier">{cell}</td>'
            '<td colspan="5">Ran; nothing in scope to evaluate (no matching resource).</td></tr>'
        )
        return
    span = len(verifier.evaluations)
    for index, evaluation in enumerate(verifier.evaluations):
        first = f'<td class="verifier" rowspan="{span}">{cell}</td>' if index == 0 else ""
        yield f'<tr class="{evaluation.result}">{first}{_evaluation_cells(evaluation)}</tr>'


def _evaluation_cells(evaluation: Evaluation) -> str:
    detail = escape(evaluation.message)
    if evaluation.result == "acknowledged":
        detail = f"<b>Acknowledged:</b> {escape(evaluation.acknowledgment)}" + (
            f'<div class="small">{detail}</div>' if detail else ""
        )
    resource_type = (
        f'<div class="small">{escape(evaluation.resource_type)}</div>' if evaluation.resource_type else ""
    )
    return (
        f"<td>{escape(evaluation.stack) or '&ndash;'}</td>"
        f"<td><code>{escape(evaluation.logical_id) or '&ndash;'}</code>{resource_type}</td>"
        f"<td><code>{escape(evaluation.path)}</code></td>"
        f"<td>{badge(evaluation.result)}</td><td>{detail}</td>"
    )
