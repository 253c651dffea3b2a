"""Reading the gate's Checkov worker output for the tests: which check passed or failed what."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).parent / "fixtures"
CHECKS = ROOT / "policies" / "checkov"
SUPPORT_MODULES = ("_cfn", "reference_lists")  # shared by the checks; they define none


class Outcome(NamedTuple):
    """The resources one check passed and failed in one fixture template."""

    passed: frozenset[str] = frozenset()
    failed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CheckovScan:
    custom_checks: list[dict[str, Any]]
    results: list[dict[str, Any]]

    def check_id(self, module: str) -> str:
        return str(next(check["id"] for check in self.custom_checks if Path(check["module"]).stem == module))

    def outcome(self, module: str, fixture: str) -> Outcome:
        """What the check defined in `module` made of its fixture `pass` or `fail`."""
        check_id, template = self.check_id(module), FIXTURES / module / f"{fixture}.json"
        mine = [r for r in self.results if r["check_id"] == check_id and ROOT / r["template"] == template]
        return Outcome(
            passed=frozenset(r["logical_id"] for r in mine if r["result"] == "PASSED"),
            failed=frozenset(r["logical_id"] for r in mine if r["result"] == "FAILED"),
        )


def check_modules() -> list[str]:
    """The modules of `policies/checkov` that define a check."""
    return sorted(
        path.stem for path in CHECKS.glob("*.py") if path.stem not in ("__init__", *SUPPORT_MODULES)
    )


def worker(python: Path, *arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m tools.gate.checkov_worker ARGUMENTS` run from the repository root."""
    command = [str(python), "-m", "tools.gate.checkov_worker", *arguments]
    return subprocess.run(
        command, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=300, check=False
    )


def scan_fixtures(python: Path, output: Path) -> CheckovScan:
    """Every fixture template scanned in one worker run."""
    templates = sorted(str(path.relative_to(ROOT)) for path in FIXTURES.glob("*/*.json"))
    run = worker(python, "--once", str(output), *templates)
    assert run.returncode == 0, f"checkov worker failed ({run.returncode}):\n{run.stderr}"
    document = json.loads(output.read_text(encoding="utf-8"))
    return CheckovScan(custom_checks=document["custom_checks"], results=document["results"])
