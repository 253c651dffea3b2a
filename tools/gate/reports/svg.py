"""The summary chart as inline SVG, drawn by hand: one row per stack, one column per tool.

Each cell reads `pass | acknowledged | fail` above a bar split in the same proportions; a cell
with a failure is tinted, an empty cell says the tool evaluated nothing there. The numbers carry
the meaning, so the chart reads the same printed in black and white. Each cell's `<g>` holds its
counts as `data-*` attributes and a `<title>` for the tooltip.
"""

from __future__ import annotations

from html import escape

from tools.gate.reports.summary import Counts, Summary

LABEL_WIDTH = 150
COLUMN_WIDTH = 118
ROW_HEIGHT = 44
HEADER_HEIGHT = 64
BAR_WIDTH = COLUMN_WIDTH - 22
MIN_SEGMENT = 3
COLOURS = {"pass": "#2e7d32", "acknowledged": "#a85d00", "fail": "#c62828", "none": "#9e9e9e"}
TOTAL = "All"


def summary_chart(summary: Summary) -> str:
    rows = [*summary.stacks, TOTAL]
    columns = [*summary.tools, TOTAL]
    width = LABEL_WIDTH + COLUMN_WIDTH * len(columns)
    height = HEADER_HEIGHT + ROW_HEIGHT * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="chart-title" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12">',
        '<title id="chart-title">Evaluations per stack and tool: pass, acknowledged, fail</title>',
        _legend(),
    ]
    for index, tool in enumerate(columns):
        x = LABEL_WIDTH + COLUMN_WIDTH * index + COLUMN_WIDTH / 2
        weight = ' font-weight="700"' if tool == TOTAL else ""
        parts.append(
            f'<text x="{x:g}" y="{HEADER_HEIGHT - 10}" text-anchor="middle"{weight}>{escape(tool)}</text>'
        )
    for row, stack in enumerate(rows):
        y = HEADER_HEIGHT + ROW_HEIGHT * row
        parts.append(_row_label(stack, y, width=width, divider=stack == TOTAL))
        for column, tool in enumerate(columns):
            counts = _counts(summary, stack, tool)
            parts.append(_cell(stack, tool, counts, LABEL_WIDTH + COLUMN_WIDTH * column, y))
    parts.append("</svg>")
    return "\n".join(parts)


def _counts(summary: Summary, stack: str, tool: str) -> Counts:
    if stack == TOTAL and tool == TOTAL:
        return summary.grand_total()
    if stack == TOTAL:
        return summary.tool_total(tool)
    if tool == TOTAL:
        return summary.stack_total(stack)
    return summary.cell(stack, tool)


def _legend() -> str:
    items = []
    x = 0
    for key, label in (("pass", "pass"), ("acknowledged", "acknowledged"), ("fail", "fail")):
        items.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{COLOURS[key]}"/>'
            f'<text x="{x + 17}" y="16">{label}</text>'
        )
        x += 40 + 7 * len(label)
    items.append(f'<text x="{x + 10}" y="16" fill="#444">each cell reads: pass | acknowledged | fail</text>')
    return '<g class="legend">' + "".join(items) + "</g>"


def _row_label(stack: str, y: int, *, width: int, divider: bool) -> str:
    weight = ' font-weight="700"' if divider else ""
    stroke = 'stroke="#333" stroke-width="1.5"' if divider else 'stroke="#ddd" stroke-width="1"'
    line = f'<line x1="0" x2="{width}" y1="{y}" y2="{y}" {stroke}/>'
    return f'{line}<text x="4" y="{y + ROW_HEIGHT / 2 + 4:g}"{weight}>{escape(stack)}</text>'


def _cell(stack: str, tool: str, counts: Counts, x: int, y: int) -> str:
    title = (
        f"{stack} · {tool}: {counts.passed} pass, {counts.acknowledged} acknowledged, {counts.failed} fail"
    )
    attributes = (
        f'class="cell" data-stack="{escape(stack)}" data-tool="{escape(tool)}" data-pass="{counts.passed}" '
        f'data-acknowledged="{counts.acknowledged}" data-fail="{counts.failed}"'
    )
    parts = [f"<g {attributes}>", f"<title>{escape(title)}</title>"]
    if counts.failed:
        parts.append(
            f'<rect x="{x + 3}" y="{y + 3}" width="{COLUMN_WIDTH - 6}" height="{ROW_HEIGHT - 6}" '
            'fill="#fdecea" stroke="#c62828" stroke-width="1"/>'
        )
    centre = x + COLUMN_WIDTH / 2
    if counts.total == 0:
        parts.append(
            f'<text x="{centre:g}" y="{y + 26}" text-anchor="middle" fill="{COLOURS["none"]}">&#8211;</text>'
        )
    else:
        parts.append(_numbers(counts, centre, y + 19))
        parts.append(_bar(counts, x + (COLUMN_WIDTH - BAR_WIDTH) // 2, y + 25))
    parts.append("</g>")
    return "".join(parts)


def _numbers(counts: Counts, centre: float, y: int) -> str:
    spans = []
    for key, value in _ordered(counts):
        colour = COLOURS[key] if value else COLOURS["none"]
        weight = ' font-weight="700"' if value and key == "fail" else ""
        spans.append(f'<tspan fill="{colour}"{weight}>{value}</tspan>')
    separator = '<tspan fill="#777"> | </tspan>'
    return f'<text x="{centre:g}" y="{y}" text-anchor="middle">{separator.join(spans)}</text>'


def _bar(counts: Counts, x: int, y: int) -> str:
    parts = [f'<rect x="{x}" y="{y}" width="{BAR_WIDTH}" height="10" fill="#eee"/>']
    values = [(key, value) for key, value in _ordered(counts) if value]
    # Each non-zero count keeps a visible sliver however small its share; the rest is proportional.
    spare = BAR_WIDTH - MIN_SEGMENT * len(values)
    offset = 0.0
    for key, value in values:
        segment = MIN_SEGMENT + spare * value / counts.total
        parts.append(
            f'<rect x="{x + offset:.1f}" y="{y}" width="{segment:.1f}" height="10" fill="{COLOURS[key]}"/>'
        )
        offset += segment
    return "".join(parts)


def _ordered(counts: Counts) -> tuple[tuple[str, int], ...]:
    return (("pass", counts.passed), ("acknowledged", counts.acknowledged), ("fail", counts.failed))


def stage_bar(share: float, *, width: int = 160) -> str:
    """A stage's share of the run's time as a small horizontal bar, with the percentage."""
    share = min(max(share, 0.0), 1.0)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 48}" height="14" role="img" '
        f'aria-label="{share:.0%} of the run" font-family="system-ui, sans-serif" font-size="11">'
        f'<rect x="0" y="2" width="{width}" height="10" fill="#eee"/>'
        f'<rect x="0" y="2" width="{width * share:.1f}" height="10" fill="#4a6fa5"/>'
        f'<text x="{width + 6}" y="11">{share:.0%}</text></svg>'
    )
