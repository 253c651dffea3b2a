"""The gate's inputs and command line: test results, acknowledgments in an assembly, usage errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tools.gate.__main__ import main
from tools.gate.run import acknowledgments_from_assembly, junit_cases

JUNIT = """<?xml version="1.0"?><testsuites><testsuite>
<testcase classname="tests.unit.test_webhook_handler_signature" name="test_ok"/>
<testcase classname="tests.unit.test_webhook_handler_signature" name="test_bad">
  <failure message="boom"/></testcase>
<testcase classname="tests.unit.test_webhook_handler_signature" name="test_skipped"><skipped/></testcase>
</testsuite></testsuites>"""


def test_junit_cases_are_grouped_by_test_file_with_their_outcome(tmp_path: Path) -> None:
    (tmp_path / "pytest.xml").write_text(JUNIT)
    cases = junit_cases(tmp_path / "pytest.xml")
    file = "tests/unit/test_webhook_handler_signature.py"
    assert cases == {file: [(f"{file}::test_ok", "pass", ""), (f"{file}::test_bad", "fail", "boom")]}


def test_without_a_junit_file_there_are_no_test_results(tmp_path: Path) -> None:
    assert junit_cases(tmp_path / "pytest.xml") is None


def test_acknowledgments_are_read_from_the_assemblys_stack_metadata(tmp_path: Path) -> None:
    data = {"finding": "AwsSolutions-SMG4", "reason": "r" * 40, "owner": "o", "expires": "2027-05-31"}
    metadata = {"/Webhook-dev/Secret": [{"type": "fintech:acknowledgment", "data": data}]}
    (tmp_path / "Webhook-dev.metadata.json").write_text(json.dumps(metadata))
    [record] = acknowledgments_from_assembly(tmp_path)
    assert (record.finding, record.path, record.expires) == (
        "AwsSolutions-SMG4",
        "Webhook-dev/Secret",
        dt.date(2027, 5, 31),
    )


def test_an_assembly_without_templates_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--app", str(tmp_path), "--out", str(tmp_path / "reports")])
    assert status == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"gate: {tmp_path}: no CloudFormation template to gate"


def test_an_app_command_that_cannot_run_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--app", str(tmp_path / "missing"), "--out", str(tmp_path / "reports")])
    assert status == 2
    assert capsys.readouterr().err.startswith(f"gate: --app '{tmp_path / 'missing'}': not a directory")


def test_an_assembly_synthesized_with_acknowledgments_applied_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN an assembly whose metadata shows cdk-nag acknowledgments were applied (not record mode)
    data = {"finding": "AwsSolutions-SMG4", "reason": "r" * 40, "owner": "o", "expires": "2027-05-31"}
    applied = {
        "/Webhook-dev/Secret": [
            {"type": "fintech:acknowledgment", "data": data},
            {"type": "aws:cdk:acknowledged-rules", "data": {"Annotation::AwsSolutions-SMG4": "r" * 40}},
        ]
    }
    (tmp_path / "Webhook-dev.metadata.json").write_text(json.dumps(applied))
    (tmp_path / "Webhook-dev.template.json").write_text('{"Resources": {}}')
    # WHEN the gate is pointed at it
    status = main(["--app", str(tmp_path), "--out", str(tmp_path / "reports")])
    # THEN it refuses in one line, since acknowledged findings could not be matched
    assert status == 2
    assert "synthesized with acknowledgments applied" in capsys.readouterr().err.splitlines()[-1]
