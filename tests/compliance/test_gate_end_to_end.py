"""The gate over the real app (GT-02..GT-07) and over one counterexample (GT-08).

The session `assembly` is synthesized in record mode, exactly as the gate synthesizes, so gating
its directory with `--app DIR` is the gate's run on this commit. Test verifiers read a JUnit XML:
the module runs the test files of the claims that only tests verify, once, to produce it.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import aws_logs

from policies.registry import claims
from tools.gate.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def files_of_test_only_claims() -> list[str]:
    """The first unit-test file of every claim that no template tool verifies."""
    files = []
    for claim in claims():
        if all(v.startswith("test:") for v in claim.verifiers):
            units = [v.removeprefix("test:") for v in claim.verifiers if v.startswith("test:tests/unit/")]
            files.append(units[0])
    return sorted(set(files))


@pytest.fixture(scope="module")
def junit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pytest") / "pytest.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        f"--junitxml={target}",
        *files_of_test_only_claims(),
    ]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-2000:]
    return target


def gate(capsys: pytest.CaptureFixture[str], assembly_dir: Path, out: Path, junit: Path) -> tuple[int, str]:
    status = main(["--app", str(assembly_dir), "--out", str(out), "--junit", str(junit)])
    return status, capsys.readouterr().err


@pytest.fixture(scope="module")
def real_run(assembly: Any, junit: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    out = tmp_path_factory.mktemp("reports")
    stream = io.StringIO()
    with redirect_stderr(stream):
        status = main(["--app", str(assembly.outdir), "--out", str(out), "--junit", str(junit)])
    return status, stream.getvalue(), out


def test_the_gate_passes_on_the_app(real_run: tuple[int, str, Path]) -> None:
    status, output, _ = real_run
    assert status == 0, output


def test_the_gate_writes_every_report_and_raw_output(real_run: tuple[int, str, Path]) -> None:
    _, _, out = real_run
    expected = {
        "index.html",
        "compliance.json",
        "results.sarif",
        "junit.xml",
        "raw/checkov.json",
        "raw/cfn-lint.json",
        "raw/validation-report.json",
        "raw/pytest.xml",
    }
    assert sorted(name for name in expected if not (out / name).is_file()) == []


def test_every_claim_passed_with_a_verifier_that_ran(real_run: tuple[int, str, Path]) -> None:
    _, _, out = real_run
    document = json.loads((out / "compliance.json").read_text())
    assert [c["id"] for c in document["claims"] if c["result"] != "pass"] == []
    assert {c["id"] for c in document["claims"]} == {c.id for c in claims()}


def test_the_gate_seals_the_assembly_it_passed(assembly: Any, real_run: tuple[int, str, Path]) -> None:
    seal = json.loads((Path(assembly.outdir) / "gate-manifest.json").read_text())
    assert seal["verdict"] == "pass"


def test_one_log_group_with_7_day_retention_fails_the_gate_naming_claim_and_resource(
    junit: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app import build_app, synth_keeping_findings
    from stacks.acknowledgments import recorded

    # GIVEN the app in record mode with one log group's retention changed to 7 days
    with recorded():
        app = build_app(outdir=str(tmp_path / "cdk.out"))
    log_group = next(
        c
        for c in app.node.find_all()
        if isinstance(c, aws_logs.CfnLogGroup) and c.node.path.startswith("Webhook-dev/")
    )
    log_group.add_property_override("RetentionInDays", 7)
    synth_keeping_findings(app)
    logical_id = app.node.find_child("Webhook-dev").get_logical_id(log_group)  # type: ignore[attr-defined]
    # WHEN the gate runs over it
    status, output = gate(capsys, tmp_path / "cdk.out", tmp_path / "reports", junit)
    # THEN it fails, naming the claim, the check and the resource
    failures = [line for line in output.splitlines() if line.startswith("FAIL ")]
    assert status == 1
    assert failures == [
        f"FAIL MW-02 CKV_FIN_4 Webhook-dev/{logical_id} ({log_group.node.path}): Checkov check failed"
    ]
