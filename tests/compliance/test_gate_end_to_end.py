"""The gate over the real app (GT-02..GT-07); the counterexamples (GT-08) are in test_counterexamples_*.

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
