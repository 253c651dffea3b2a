"""The gate benchmark's parts that are not timing: parsing, pipelines, ratios, sampling, tables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools import bench, bench_gate
from tools.bench_gate import Measured, Run

GATE_STDERR = """\
gate: synth ... started at 0.1 s
gate: templates written at 4.1 s: checkov + cfn-lint started
gate: synth ... 4.6 s
gate: checkov + cfn-lint ... started at 4.7 s
gate:   cfn-lint ... 4.4 s (2 processes, import 1.0 s)
gate:   checkov ... 4.5 s (1 process, import 1.2 s)
gate: checkov + cfn-lint ... 4.0 s
gate: evaluate ... 0.1 s
Webhook-dev/Queue: MW-03 CKV_AWS_27 failed
gate: PASSED: 38 claims, 0 failed, 0 open findings, 9.1 s; reports in reports
"""


def measured(seconds: float, *, peak_kib: int = 0, stderr: str = "") -> Measured:
    return Measured(seconds=seconds, cpu_seconds=seconds, peak_kib=peak_kib, exit=0, stderr=stderr)


def test_stage_lines_are_the_ended_stages_and_tools_in_order() -> None:
    assert bench_gate.stage_lines(GATE_STDERR) == [
        ("synth", 4.6),
        ("  cfn-lint", 4.4),
        ("  checkov", 4.5),
        ("checkov + cfn-lint", 4.0),
        ("evaluate", 0.1),
    ]


def test_a_gate_that_ran_the_claim_tests_itself_is_recognised() -> None:
    line = "gate: no test results for these sources at reports/raw/pytest.xml: running 49 claim test files"

    assert bench_gate.TESTS_RAN.search(GATE_STDERR + line + "\n")
    assert not bench_gate.TESTS_RAN.search(GATE_STDERR)


def test_breakdown_takes_each_names_median_in_first_seen_order() -> None:
    runs = [[("synth", 5.0), ("reports", 0.2)], [("synth", 4.0), ("tests", 60.0)], [("synth", 6.0)]]

    assert bench_gate.median_breakdown(runs) == [("synth", 5.0), ("reports", 0.2), ("tests", 60.0)]


def test_every_pipeline_takes_every_position_over_three_rounds() -> None:
    orders = [bench_gate.round_order(number) for number in range(3)]

    assert all(sorted(order) == sorted(bench_gate.PIPELINES) for order in orders)
    assert [{order[position] for order in orders} for position in range(3)] == [set(bench_gate.PIPELINES)] * 3


def test_the_gate_pipeline_reuses_the_given_test_results(tmp_path: Path) -> None:
    [step] = bench_gate.pipeline("gate", tmp_path, junit=Path("fresh.xml"))

    assert step.command[1:3] == ["-m", "tools.gate"]
    assert step.command[-2:] == ["--junit", "fresh.xml"]
    assert str(tmp_path / "cdk.out") in step.command


def test_the_scripted_pipeline_is_the_pinned_cli_then_checkov_then_cfn_lint(tmp_path: Path) -> None:
    synth, checkov, lint = bench_gate.pipeline("scripted", tmp_path, junit=Path("unused.xml"))

    assert synth.command[:4] == ["npx", "--no-install", "cdk", "synth"]
    assert {"--framework", "cloudformation", "--skip-download", "--external-checks-dir"} <= set(
        checkov.command
    )
    assert checkov.command[checkov.command.index("-d") + 1] == str(tmp_path / "cdk.out")
    assert lint.lint == tmp_path / "cdk.out"


def test_the_bare_pipeline_registers_no_pack(tmp_path: Path) -> None:
    [step] = bench_gate.pipeline("bare", tmp_path, junit=Path("unused.xml"))

    assert "cdk_nag" not in step.command[2] and "Validations" not in step.command[2]
    assert "builtin_cloud_formation_validation=False" in step.command[2]


@pytest.mark.parametrize(("status", "allowed"), [(0, True), (2, True), (6, True), (1, False), (16, False)])
def test_cfn_lint_may_exit_with_its_finding_flags_only(status: int, allowed: bool) -> None:
    assert (status in bench_gate.CFN_LINT_EXITS) is allowed


def test_a_pipelines_time_is_the_sum_of_its_steps_and_its_peak_the_highest() -> None:
    run = Run(steps={"a": measured(2.0, peak_kib=100), "b": measured(3.5, peak_kib=300)})

    assert (run.seconds, run.peak_kib) == (5.5, 300)


def test_ratio_rows_judge_each_target() -> None:
    rows = bench_gate.ratio_rows(gate_s=10.0, scripted_s=25.0, bare_s=4.0, gate_peak_mib=900.0)

    assert [(row[0], row[1], row[-1]) for row in rows] == [
        ("gate / scripted", "0.40x", "ok"),
        ("gate / bare", "2.50x", "over target"),
        ("gate peak memory", "900 MiB", "ok"),
    ]


def test_a_peak_of_exactly_one_gib_is_not_under_it() -> None:
    [*_, memory] = bench_gate.ratio_rows(gate_s=1.0, scripted_s=4.0, bare_s=1.0, gate_peak_mib=1024.0)

    assert memory[-1] == "over target"


def test_the_ratios_use_the_cold_start_benchmarks_arithmetic() -> None:
    rows = bench_gate.ratio_rows(gate_s=3.0, scripted_s=6.0, bare_s=2.0, gate_peak_mib=1.0)

    assert rows[0][1] == f"{bench.ratio(3.0, 6.0):.2f}x"


def test_table_columns_are_aligned_with_numbers_to_the_right() -> None:
    header, row = bench_gate.format_rows(("pipeline", "median s"), [["gate", "9.50"]]).splitlines()

    assert header.index("median s") + len("median s") == row.index("9.50") + len("9.50")
    assert row.startswith("gate")


def test_same_templates_compares_names_and_bytes(tmp_path: Path) -> None:
    gate, bare = tmp_path / "gate", tmp_path / "bare"
    for folder in (gate, bare):
        folder.mkdir()
        (folder / "A.template.json").write_text("{}")
    assert bench_gate.same_templates(gate, bare)
    (bare / "A.template.json").write_text('{"Resources": {}}')
    assert not bench_gate.same_templates(gate, bare)


def test_no_templates_are_never_the_same_app(tmp_path: Path) -> None:
    assert not bench_gate.same_templates(tmp_path, tmp_path)


def test_a_process_tree_includes_the_children() -> None:
    # GIVEN a child process that waits for its input
    child = subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE)
    try:
        # THEN it is in this process's tree, with some memory
        assert child.pid in bench_gate.descendants(os.getpid())
        assert bench_gate.rss_kib(child.pid) > 0
    finally:
        child.communicate(b"\n")


def test_a_step_exiting_with_a_status_it_may_not_fails_naming_it(tmp_path: Path) -> None:
    step = bench_gate.Step("probe", [sys.executable, "-c", "import sys; sys.exit(3)"])

    with pytest.raises(bench_gate.StepFailed, match=r"probe: .* exit 3"):
        bench_gate.measure(step, env={}, scratch=tmp_path)


def test_a_measured_step_samples_its_process_memory(tmp_path: Path) -> None:
    # GIVEN a step that holds 64 MiB for a moment
    hold = "import time; block = bytearray(64 * 1024 * 1024); time.sleep(0.5)"
    step = bench_gate.Step("hold", [sys.executable, "-c", hold])
    # WHEN it is measured
    result = bench_gate.measure(step, env={}, scratch=tmp_path)
    # THEN the sampled peak saw the block
    assert (result.exit, result.peak_kib > 64 * 1024) == (0, True)


def test_runs_below_one_are_refused() -> None:
    with pytest.raises(SystemExit) as exit_info:
        bench_gate.parse_args(["--runs", "0"])
    assert exit_info.value.code == 2


def test_the_benchmark_command_hands_gate_to_the_gate_benchmark(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def gate_benchmark(argv: list[str]) -> int:
        seen.append(list(argv))
        return 0

    monkeypatch.setattr(bench_gate, "main", gate_benchmark)

    assert bench.main(["gate", "--runs", "2"]) == 0
    assert seen == [["--runs", "2"]]
