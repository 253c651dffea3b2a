"""`index.html`: the one self-contained page an auditor opens offline.

Everything is inline (style, the optional filter script, the SVG chart); a Content-Security-Policy
meta tag forbids the browser to load anything else, so the page cannot reach the network even if
opened online. Every value from the result is HTML-escaped. Without JavaScript the page shows
everything; the script only adds a filter box over the matrix.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from html import escape
from pathlib import Path

from tools.gate.model import SCHEMA_VERSION, AcknowledgmentResult, GateResult
from tools.gate.reports import least_privilege
from tools.gate.reports.matrix import controls_index, matrix, plural
from tools.gate.reports.summary import summarize
from tools.gate.reports.svg import stage_bar, summary_chart

HERE = Path(__file__).parent
STYLE = (HERE / "report.css").read_text(encoding="utf-8")
SCRIPT = (HERE / "filter.js").read_text(encoding="utf-8")
HOW_TO_READ = (HERE / "howto.html").read_text(encoding="utf-8")
ACK_BADGES = {"active": "ack", "expired": "fail", "stale": "fail"}
SECTIONS = (
    ("summary", "Summary"),
    ("howto", "How to read"),
    ("findings", "Open findings"),
    ("matrix", "Traceability matrix"),
    ("controls", "PCI DSS index"),
    (least_privilege.ANCHOR, "Least privilege"),
    ("acknowledgments", "Acknowledgments"),
    ("hashes", "Template hashes"),
    ("files", "Files"),
)


def render(result: GateResult, *, files: Sequence[str] = ()) -> str:
    verdict = "PASSED" if result.passed else "FAILED"
    body = "\n".join(
        (
            "<h1>Compliance gate report</h1>",
            "<nav>" + "".join(f'<a href="#{key}">{title}</a>' for key, title in SECTIONS) + "</nav>",
            _verdict(result),
            _facts(result),
            _summary(result),
            HOW_TO_READ,
            _findings(result),
            _matrix(result),
            _controls(result),
            least_privilege.section(result.least_privilege),
            _acknowledgments(result.acknowledgments),
            _hashes(result.template_hashes),
            _files(files),
            f"<footer>Written by the compliance gate (tools/gate). Machine-readable: compliance.json, "
            f"schema version {SCHEMA_VERSION}.</footer>",
        )
    )
    policy = (
        f"default-src 'none'; style-src '{_digest(STYLE)}'; script-src '{_digest(SCRIPT)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Compliance gate {verdict}: {escape(result.commit)}</title>"
        f"<style>{STYLE}</style></head>\n<body>\n{body}\n<script>{SCRIPT}</script>\n</body></html>\n"
    )


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _verdict(result: GateResult) -> str:
    failing = [c.id for c in result.claims if not c.passed]
    bad_acks = [a for a in result.acknowledgments if a.status != "active"]
    if result.passed:
        line = (
            f"All {plural(len(result.claims), 'claim')} verified; no open findings; "
            f"{plural(len(result.acknowledgments), 'active acknowledgment')}."
        )
    else:
        line = (
            f"{len(failing)} of {plural(len(result.claims), 'claim')} failing"
            + (f" ({', '.join(failing)})" if failing else "")
            + f"; {plural(len(result.findings), 'open finding')}; "
            f"{plural(len(bad_acks), 'acknowledgment')} expired or stale."
        )
    css, verdict = ("pass", "PASSED") if result.passed else ("fail", "FAILED")
    return (
        f'<section class="verdict {css}" id="verdict"><p class="word">GATE {verdict}</p>'
        f'<p>{escape(line)}</p><p class="small">Commit <code>{escape(result.commit)}</code>, started '
        f"{escape(result.started_at)}, took {escape(_duration(result.duration_seconds))}.</p></section>"
    )


def _facts(result: GateResult) -> str:
    run = _kv(
        (
            ("Commit", f"<code>{escape(result.commit)}</code>"),
            ("Started", escape(result.started_at)),
            ("Duration", escape(_duration(result.duration_seconds))),
            ("Stacks", ", ".join(f"<code>{escape(s)}</code>" for s in result.stacks)),
        )
    )
    versions = _kv(tuple((escape(k), f"<code>{escape(v)}</code>") for k, v in result.tool_versions.items()))
    total = sum(result.stage_seconds.values()) or 1.0
    stages = "".join(
        f'<tr><th>{escape(name)}</th><td class="num">{escape(_duration(seconds))}</td>'
        f"<td>{stage_bar(seconds / total)}</td></tr>"
        for name, seconds in result.stage_seconds.items()
    )
    return (
        '<div class="facts"><div><h3>Run</h3>'
        f"{run}</div><div><h3>Tool versions</h3>{versions}</div><div><h3>Stage timings</h3>"
        f'<table class="kv"><tbody>{stages or "<tr><td>none recorded</td></tr>"}</tbody></table></div></div>'
    )


def _kv(rows: tuple[tuple[str, str], ...]) -> str:
    return (
        '<table class="kv"><tbody>'
        + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
        + "</tbody></table>"
    )


def _summary(result: GateResult) -> str:
    return (
        '<h2 id="summary">Summary per stack and tool</h2>'
        '<p class="small">Each resource evaluated by each rule counts once per stack and tool '
        "(cdk-nag pack, Checkov, cfn-lint, tests); open findings no rule row shows count as failures. "
        "&ldquo;app-wide&rdquo; holds what belongs to no single stack (tests, the registry).</p>"
        f'<div class="chart-box">{summary_chart(summarize(result))}</div>'
    )


def _findings(result: GateResult) -> str:
    if not result.findings:
        return '<h2 id="findings">Open findings</h2><p>None: every failure is fixed or acknowledged.</p>'
    rows = "".join(
        f'<tr class="fail"><td class="num">{n}</td><td>{escape(f.tool)}</td><td>{escape(f.severity)}</td>'
        f"<td><code>{escape(f.line())}</code></td></tr>"
        for n, f in enumerate(result.findings, start=1)
    )
    return (
        f'<h2 id="findings">Open findings ({len(result.findings)})</h2>'
        "<p>Each line names the claim(s), the rule, the resource (stack/logical ID) and its construct path. "
        "Any one of them fails the gate.</p>"
        '<table><thead><tr><th class="num">#</th><th>Tool</th><th>Severity</th><th>Finding</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _matrix(result: GateResult) -> str:
    failing = sum(1 for c in result.claims if not c.passed)
    return (
        f'<h2 id="matrix">Traceability matrix ({len(result.claims)} claims, {failing} failing)</h2>'
        '<div id="filter" hidden><input id="filter-query" type="search" aria-label="Filter claims" '
        'placeholder="Filter: claim, control, rule, stack, resource…">'
        '<label><input id="filter-failing" type="checkbox"> failing claims only</label>'
        '<button id="filter-expand" type="button">Expand all</button>'
        '<button id="filter-collapse" type="button">Collapse all</button>'
        '<span id="filter-count" class="small"></span></div>'
        f"{matrix(result.claims)}"
    )


def _controls(result: GateResult) -> str:
    return (
        '<h2 id="controls">PCI DSS v4.0 index</h2>'
        "<p>The matrix read the other way: each PCI DSS v4.0 requirement the claims cite, and the claims "
        "that support it. A requirement with a failing claim is highlighted.</p>"
        f"{controls_index(result.claims)}"
    )


def _acknowledgments(acks: tuple[AcknowledgmentResult, ...]) -> str:
    order = {"expired": 0, "stale": 1, "active": 2}
    rows = "".join(
        f'<tr class="{"fail" if a.status != "active" else "acknowledged"}">'
        f"<td><code>{escape(a.finding)}</code></td><td><code>{escape(a.path)}</code></td>"
        f'<td>{escape(a.reason)}</td><td>{escape(a.owner)}</td><td class="num">{escape(a.expires)}</td>'
        f'<td><span class="badge {ACK_BADGES[a.status]}">{escape(a.status.upper())}</span></td></tr>'
        for a in sorted(acks, key=lambda a: (order[a.status], a.expires, a.path))
    )
    return (
        f'<h2 id="acknowledgments">Acknowledgments ({len(acks)})</h2>'
        "<p>Each acknowledgment names one finding on one construct, in code next to the resource. "
        "An expired one, or a stale one that no longer matches any finding, fails the gate.</p>"
        "<table><thead><tr><th>Finding</th><th>Construct path</th><th>Reason</th><th>Owner</th>"
        f'<th class="num">Expires</th><th>Status</th></tr></thead><tbody>{rows}</tbody></table>'
        if acks
        else '<h2 id="acknowledgments">Acknowledgments</h2><p>None.</p>'
    )


def _hashes(hashes: dict[str, str]) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(k)}</code></td><td><code>{escape(v)}</code></td></tr>"
        for k, v in hashes.items()
    )
    return (
        '<h2 id="hashes">Template hashes (SHA-256)</h2>'
        "<p>The templates this report is about. Recompute with "
        "<code>sha256sum cdk.out/*.template.json</code>; the deploy command refuses an assembly "
        "whose hashes differ from the gate's.</p>"
        f"<table><thead><tr><th>Template</th><th>SHA-256</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _files(files: Sequence[str]) -> str:
    items = "".join(f'<li><a href="{escape(name)}"><code>{escape(name)}</code></a></li>' for name in files)
    return f'<h2 id="files">Files in this report</h2><ul>{items or "<li>only this page</li>"}</ul>'


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"
