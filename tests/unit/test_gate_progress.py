"""The gate's progress lines on stderr and the stage durations it records."""

from __future__ import annotations

import io
import re

import pytest

from tools.gate.progress import Stages
from tools.gate.run import UsageError


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_each_stage_prints_a_line_when_it_starts_and_when_it_ends() -> None:
    out = io.StringIO()
    stages = Stages(out)

    with stages.stage("synth"):
        stages.tool("checkov", 3.94, "1 process")

    assert re.fullmatch(
        r"gate: synth \.\.\. started at \d+\.\d s\ngate:   checkov \.\.\. 3\.9 s \(1 process\)\n"
        r"gate: synth \.\.\. \d+\.\d s\n",
        out.getvalue(),
    )


def test_stage_durations_are_recorded_for_the_report() -> None:
    stages = Stages(io.StringIO())

    with stages.stage("evaluate"):
        pass

    assert list(stages.seconds) == ["evaluate"]


def test_on_a_terminal_the_end_line_replaces_the_start_line() -> None:
    out = Terminal()

    with Stages(out).stage("reports"):
        pass

    start, end = out.getvalue().split("\r\x1b[K")
    assert start.startswith("gate: reports ... started at") and "\n" not in start
    assert re.fullmatch(r"gate: reports \.\.\. \d+\.\d s\n", end)


def test_on_a_terminal_a_tool_line_goes_above_the_running_stage() -> None:
    out = Terminal()
    stages = Stages(out)

    with stages.stage("checkov + cfn-lint"):
        stages.tool("cfn-lint", 4.4)
        shown = out.getvalue()

    assert shown.endswith("gate:   cfn-lint ... 4.4 s\ngate: checkov + cfn-lint ... started at 0.0 s")


def test_on_a_terminal_a_failed_stage_leaves_its_start_line_above_the_error() -> None:
    out = Terminal()

    with pytest.raises(UsageError), Stages(out).stage("synth"):
        raise UsageError("no template")

    assert out.getvalue().endswith(" s\n") and "\r" not in out.getvalue()


def test_a_stage_that_fails_records_no_duration() -> None:
    stages = Stages(io.StringIO())

    with pytest.raises(RuntimeError), stages.stage("synth"):
        raise RuntimeError("boom")

    assert stages.seconds == {}
