"""The summary chart: well-formed SVG whose cells carry the summary's counts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.gate_report_example import WEBAPP, WEBHOOK, example_result
from tools.gate.reports.summary import Counts, Summary, summarize
from tools.gate.reports.svg import TOTAL, stage_bar, summary_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the chart writer's own output, not untrusted input


def cells(svg: str) -> dict[tuple[str, str], tuple[int, int, int]]:
    root = parse(svg)
    return {
        (g.attrib["data-stack"], g.attrib["data-tool"]): (
            int(g.attrib["data-pass"]),
            int(g.attrib["data-acknowledged"]),
            int(g.attrib["data-fail"]),
        )
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "cell"
    }


def test_the_chart_is_well_formed_svg() -> None:
    root = parse(summary_chart(summarize(example_result())))

    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None


def test_has_one_cell_per_stack_and_tool_plus_totals() -> None:
    summary = summarize(example_result())

    chart = cells(summary_chart(summary))

    rows, columns = (*summary.stacks, TOTAL), (*summary.tools, TOTAL)
    assert set(chart) == {(stack, tool) for stack in rows for tool in columns}


def test_cells_carry_the_counts_of_their_stack_and_tool() -> None:
    chart = cells(summary_chart(summarize(example_result())))

    assert chart[(WEBHOOK, "Checkov")] == (3, 0, 1)
    assert chart[(WEBHOOK, "AwsSolutions")] == (0, 1, 0)
    assert chart[(WEBAPP, "cfn-lint")] == (1, 0, 1)
    assert chart[(WEBAPP, "tests")] == (0, 0, 0)


def test_total_row_and_column_sum_the_cells() -> None:
    chart = cells(summary_chart(summarize(example_result())))

    assert chart[(WEBAPP, TOTAL)] == (5, 0, 2)
    assert chart[(TOTAL, "Checkov")] == (5, 0, 1)
    assert chart[(TOTAL, TOTAL)] == (10, 1, 3)


def test_cell_text_shows_the_three_counts() -> None:
    root = parse(summary_chart(summarize(example_result())))
    cell = next(
        g for g in root.iter(f"{SVG}g") if g.get("data-stack") == WEBHOOK and g.get("data-tool") == "Checkov"
    )

    text = "".join(next(t for t in cell.iter(f"{SVG}text")).itertext())

    assert text == "3 | 0 | 1"


def test_names_with_markup_characters_stay_well_formed() -> None:
    summary = Summary(
        stacks=("Stack<&>",), tools=('Tool"x',), cells={("Stack<&>", 'Tool"x'): Counts(passed=2)}
    )

    assert cells(summary_chart(summary))[("Stack<&>", 'Tool"x')] == (2, 0, 0)


def test_stage_bar_is_well_formed_and_clamps_its_share() -> None:
    root = parse(stage_bar(1.7, width=100))

    bar = root.findall(f"{SVG}rect")[1]
    assert float(bar.attrib["width"]) == 100
    assert root.findtext(f"{SVG}text") == "100%"
