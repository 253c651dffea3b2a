"""The benchmark's pure parts: statistics, ratio, verdict, the floor script and the table."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tools import bench

SNS = bench.ClientSpec(service="sns", region="eu-west-1", config=repr({"connect_timeout": 2}))
SQS = bench.ClientSpec(service="sqs", region="eu-west-1", config=repr({}))


def test_median_of_an_odd_number_of_samples_is_the_middle_one() -> None:
    assert bench.median([9.0, 1.0, 5.0]) == 5.0


def test_median_of_an_even_number_of_samples_is_the_mean_of_the_middle_two() -> None:
    assert bench.median([4.0, 1.0, 3.0, 2.0]) == 2.5


def test_median_of_no_samples_is_an_error() -> None:
    with pytest.raises(ValueError, match="no samples"):
        bench.median([])


def test_ratio_divides_the_handler_by_the_floor() -> None:
    assert bench.ratio(150.0, 120.0) == pytest.approx(1.25)


def test_ratio_refuses_a_floor_of_zero() -> None:
    with pytest.raises(ValueError, match="positive"):
        bench.ratio(10.0, 0.0)


@pytest.mark.parametrize(("value", "expected"), [(1.0, "ok"), (1.25, "ok"), (1.2501, "over target")])
def test_verdict_accepts_up_to_the_target_inclusive(value: float, expected: str) -> None:
    assert bench.verdict(value, 1.25) == expected


def test_floor_script_creates_exactly_the_probed_clients_with_their_config() -> None:
    # GIVEN the clients a handler was seen creating
    # WHEN the floor script is generated
    script = bench.floor_script([SNS, SQS])
    # THEN it is valid Python that creates those clients, in order, with the same options
    calls = [
        node
        for node in ast.walk(ast.parse(script))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "boto3.client"
    ]
    assert [ast.literal_eval(call.args[0]) for call in calls] == ["sns", "sqs"]
    assert ast.unparse(calls[0].keywords[1].value) == "Config(**{'connect_timeout': 2})"
    assert ast.unparse(calls[1].keywords[1].value) == "None"


def test_floor_script_times_the_boto3_import() -> None:
    lines = bench.floor_script([SNS]).splitlines()
    assert lines.index("start = time.perf_counter()") < lines.index("import boto3")


def test_table_has_one_row_per_handler_with_ratio_target_and_verdict() -> None:
    # GIVEN one handler within the target and one over it
    results = [
        bench.Result(handler="audit_logger", floor_ms=100.0, handler_ms=110.0, clients=(SNS,)),
        bench.Result(handler="webhook_handler", floor_ms=100.0, handler_ms=140.0, clients=(SNS,)),
    ]
    # WHEN the table is formatted
    lines = bench.format_table(results, 1.25).splitlines()
    # THEN a header and one row each, with the numbers and verdicts
    assert lines[0].split() == ["handler", "floor", "ms", "handler", "ms", "ratio", "target", "verdict"]
    assert lines[1].split() == ["audit_logger", "100.0", "110.0", "1.10x", "1.25x", "ok"]
    assert lines[2].split() == ["webhook_handler", "100.0", "140.0", "1.40x", "1.25x", "over", "target"]


def test_table_columns_are_aligned() -> None:
    results = [bench.Result(handler="h", floor_ms=1.0, handler_ms=1.0, clients=())]
    header, row = bench.format_table(results, 1.25).splitlines()
    assert header.index("floor ms") == row.index("1.0")


def test_runs_below_one_are_refused() -> None:
    with pytest.raises(SystemExit) as exit_info:
        bench.parse_args(["--runs", "0"])
    assert exit_info.value.code == 2


def test_lambda_environment_names_every_variable_of_the_contract() -> None:
    assert {
        "TOPIC_ARN",
        "DLQ_URL",
        "SIGNING_SECRET_ARN",
        "TRANSACTIONS_TABLE",
        "AUDIT_TABLE",
        "METRICS_NAMESPACE",
        "ENVIRONMENT",
    } <= set(bench.LAMBDA_ENVIRONMENT)


def test_the_asset_copy_leaves_out_bytecode_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN handler code with a bytecode cache next to it
    source = tmp_path / "lambdas"
    (source / "handler_pkg" / "__pycache__").mkdir(parents=True)
    (source / "handler_pkg" / "handler.py").write_text("VALUE = 1\n")
    (source / "handler_pkg" / "__pycache__" / "handler.cpython-311.pyc").write_bytes(b"stale")
    monkeypatch.setattr(bench, "LAMBDAS", source)
    # WHEN it is copied as the Lambda asset ships it
    copy = bench.copy_asset(tmp_path / "out")
    # THEN the code is there and the cache is not
    assert sorted(str(path.relative_to(copy)) for path in copy.rglob("*")) == [
        "handler_pkg",
        "handler_pkg/handler.py",
    ]
