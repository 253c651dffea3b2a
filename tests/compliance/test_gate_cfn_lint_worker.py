"""The gate's cfn-lint worker reports exactly what the `cfn-lint` command reports (GT-03)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CFN_LINT = Path(sys.executable).parent / "cfn-lint"
BROKEN = {
    "Resources": {
        "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": "soon", "Colour": "red"}},
        "Bucket": {"Type": "AWS::S3::Bucket", "DependsOn": "Queue"},
    }
}
CLEAN = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}


def worker(*arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tools.gate.cfn_lint_worker", *arguments]
    return subprocess.run(
        command, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("templates")
    paths = []
    for name, template in (("Broken-a", BROKEN), ("Clean", CLEAN), ("Broken-b", BROKEN)):
        path = folder / f"{name}.template.json"
        path.write_text(json.dumps(template, indent=1))
        paths.append(str(path))
    return paths


@pytest.fixture(scope="module")
def command_output(templates: list[str]) -> list[dict[str, Any]]:
    run = subprocess.run(
        [str(CFN_LINT), "--format", "json", "--", *templates],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (2, 6), run.stderr  # errors found (and maybe warnings)
    return list(json.loads(run.stdout))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_output_is_the_commands_whether_or_not_the_templates_are_shared_out(
    templates: list[str], command_output: list[dict[str, Any]], tmp_path: Path, jobs: str
) -> None:
    output = tmp_path / "cfn-lint.json"

    run = worker("--jobs", jobs, "--once", str(output), *templates)

    assert run.returncode == 0, run.stderr
    assert json.loads(output.read_text()) == command_output
    assert {match["Rule"]["Id"] for match in command_output} >= {"E3002", "E3012"}


def test_serving_replies_with_the_number_of_matches_and_errors(
    templates: list[str], command_output: list[dict[str, Any]], tmp_path: Path
) -> None:
    output = tmp_path / "served.json"
    request = {"templates": templates, "output": str(output), "jobs": 2}

    [reply] = [json.loads(line) for line in worker(stdin=json.dumps(request) + "\n").stdout.splitlines()]

    assert (reply["ok"], reply["matches"]) == (True, len(command_output))
    assert reply["errors"] == sum(match["Level"] == "Error" for match in command_output)


def test_a_missing_template_is_refused_in_one_line(tmp_path: Path) -> None:
    run = worker("--once", str(tmp_path / "out.json"), str(tmp_path / "absent.json"))

    assert (run.returncode, run.stderr.count("\n"), "Traceback" in run.stderr) == (2, 1, False)
    assert "template not found" in run.stderr
