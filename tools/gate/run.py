"""The gate's stages: synthesize (record mode), run the tools, evaluate, report (GT-02..GT-07).

Speed (tools/gate/scan.py): the Checkov and cfn-lint workers start first, so their imports overlap
the synthesis, and scan as soon as the templates are written. The claim tests, when the gate has to
run them itself, start at once too. Progress: one line on stderr when a stage starts and when it
ends (tools/gate/progress.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any, TextIO

from policies.constants import NAG_EVIDENCE_FILE
from policies.registry import claims as registered_claims
from tools.gate import (
    evaluate,
    fingerprint,
    inventory,
    least_privilege,
    least_privilege_verdict,
    manifest,
    nag_evidence,
)
from tools.gate.model import Finding, GateResult
from tools.gate.progress import Stages
from tools.gate.reports import write_reports
from tools.gate.scan import Scan, Worker, start_workers, started_when_written

# The CDK (stacks.acknowledgments and app import it) is imported by the functions that use it, so
# the workers start before that second of imports.
ROOT = Path(__file__).resolve().parent.parent.parent
APPLIED_KEY = "aws:cdk:acknowledged-rules"  # Validations.ACKNOWLEDGED_RULES_METADATA_KEY


class UsageError(Exception):
    """Reported in one line, exit status 2."""


def synthesize_in_process(assembly: Path) -> None:
    """`build_app()` in record mode into `assembly`.

    The jsii runtime copies the CDK's console (one line per finding) to whatever `sys.stderr` is
    when its relay thread gets to it, which can be seconds after `synth()` returns; `_run` keeps
    `sys.stderr` pointed at `raw/synth-output.txt` for the whole run, and the gate prints its own
    lines to the stream it was given.
    """
    from app import build_app, synth_keeping_findings
    from stacks.acknowledgments import recorded

    with recorded():
        app = build_app(outdir=str(assembly))
    synth_keeping_findings(app)


def app_command(app: str) -> list[str]:
    """`--app CMD` as arguments, checked before anything starts: a command that cannot run is a
    usage error (a relative program path is relative to the repository, where the command runs)."""
    problem = f"--app {app!r}: not a directory, and not a command that runs"
    try:
        command = shlex.split(app)
    except ValueError as exc:
        raise UsageError(f"{problem} ({exc})") from None
    program = command[0] if command else ""
    path = ROOT / program if "/" in program else None
    if not (shutil.which(str(path)) if path else shutil.which(program)):
        raise UsageError(f"{problem} (no executable {program!r})")
    return command


def synthesize_command(command: list[str], assembly: Path, console: Any) -> None:
    from stacks.acknowledgments import MODE_VARIABLE, RECORD_MODE

    env = {**os.environ, "CDK_OUTDIR": str(assembly), MODE_VARIABLE: RECORD_MODE}
    try:
        run = subprocess.run(command, env=env, cwd=ROOT, stdout=console, stderr=console, check=False)
    except OSError as exc:
        raise UsageError(f"--app {shlex.join(command)!r}: not a command that runs ({exc})") from None
    if not any(assembly.glob("*.template.json")):
        raise UsageError(
            f"--app {shlex.join(command)!r} wrote no template into {assembly} (exit {run.returncode})"
        )


def acknowledgments_from_assembly(assembly: Path) -> list[Any]:
    """The acknowledgments recorded as construct metadata in the assembly's stack metadata files."""
    from stacks.acknowledgments import METADATA_KEY, AcknowledgmentRecord

    found = []
    for file in sorted(assembly.glob("*.metadata.json")):
        for path, entries in json.loads(file.read_text(encoding="utf-8")).items():
            for entry in entries:
                if entry.get("type") == METADATA_KEY:
                    found.append(AcknowledgmentRecord.from_metadata(entry["data"], path.lstrip("/")))
    return found


def applied_acknowledgments(assembly: Path, records: list[Any]) -> bool:
    """Whether one of the project's acknowledgments was applied (the assembly was not synthesized in
    record mode): its finding is then missing from the cdk-nag report and could not be matched.
    The CDK's own acknowledgments of its built-in template validation are not the project's."""
    findings = {record.finding for record in records}
    return any(
        rule.split("::", 1)[-1] in findings
        for file in assembly.glob("*.metadata.json")
        for entries in json.loads(file.read_text(encoding="utf-8")).values()
        for entry in entries
        if entry.get("type") == APPLIED_KEY
        for rule in entry.get("data", {})
    )


def nag_violations(assembly: Path) -> list[dict[str, Any]]:
    report = assembly / "validation-report.json"
    if not report.exists():
        return []
    return [v for plugin in json.loads(report.read_text())["pluginReports"] for v in plugin["violations"]]


def junit_cases(path: Path) -> dict[str, list[tuple[str, str, str]]] | None:
    """Test file -> (node id, pass/fail, message) from a pytest JUnit XML; None when absent."""
    if not path.is_file():
        return None
    cases: dict[str, list[tuple[str, str, str]]] = {}
    for case in ET.parse(path).getroot().iter("testcase"):  # noqa: S314 (our own test run's output)
        if case.find("skipped") is not None:
            continue
        parts = case.get("classname", "").split(".")
        while parts and not (ROOT / ("/".join(parts) + ".py")).is_file():
            parts.pop()
        if not parts:
            continue
        file = "/".join(parts) + ".py"
        failed = case.find("failure") if case.find("failure") is not None else case.find("error")
        result = "fail" if failed is not None else "pass"
        message = (failed.get("message") or "")[:200] if failed is not None else ""
        cases.setdefault(file, []).append((f"{file}::{case.get('name')}", result, message))
    return cases


def commit() -> str:
    run = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    return run.stdout.strip() if run.returncode == 0 else "unknown"


def claim_test_files() -> list[str]:
    """The test files the registry names as verifiers."""
    return sorted(
        {
            v.removeprefix("test:").split("::")[0]
            for c in registered_claims({})
            for v in c.verifiers
            if v.startswith("test:")
        }
    )


def start_tests(files: list[str], junit: Path) -> subprocess.Popen[bytes]:
    """The claim-bearing test files, run by the gate itself when no fresh test results exist."""
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadfile",
        f"--junitxml={junit}", *files,
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def tool_versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        name: version(dist)
        for name, dist in (
            ("aws-cdk-lib", "aws-cdk-lib"),
            ("cdk-nag", "cdk-nag"),
            ("cfn-lint", "cfn-lint"),
            ("pytest", "pytest"),
        )
    }


def run_gate(*, app: str | None, out: Path, assembly: Path, junit: Path, err: TextIO) -> GateResult:
    """Run every stage; the tools' raw outputs are collected in a scratch folder, then copied to `out/raw`."""
    with tempfile.TemporaryDirectory(prefix="gate-") as scratch:
        return _run(app=app, out=out, assembly=assembly, junit=junit, err=err, raw=Path(scratch))


def _run(*, app: str | None, out: Path, assembly: Path, junit: Path, err: TextIO, raw: Path) -> GateResult:
    command = app_command(app) if app and not Path(app).is_dir() else None
    stages = Stages(err)
    started_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    workers = start_workers(raw)
    children: list[subprocess.Popen[Any]] = [worker.process for worker in workers]
    tests: subprocess.Popen[bytes] | None = None
    if not fingerprint.matches(junit):
        files = claim_test_files()
        stages.note(f"no test results for these sources at {junit}: running {len(files)} claim test files")
        junit = raw / "pytest.xml"
        tests = start_tests(files, junit)
        children.append(tests)
    with (
        (raw / "synth-output.txt").open("wb") as console,
        redirect_stderr(io.TextIOWrapper(console, write_through=True)),
    ):
        return _children_stopped(
            children,
            lambda: _gate(
                app=app,
                command=command,
                out=out,
                assembly=assembly,
                junit=junit,
                raw=raw,
                console=console,
                stages=stages,
                workers=workers,
                tests=tests,
                started_at=started_at,
            ),
        )


def _children_stopped(children: list[subprocess.Popen[Any]], body: Callable[[], GateResult]) -> GateResult:
    """`body()`, then no child process of the gate is left running, whatever happened."""
    try:
        return body()
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()


def _gate(
    *,
    app: str | None,
    command: list[str] | None,
    out: Path,
    assembly: Path,
    junit: Path,
    raw: Path,
    console: Any,
    stages: Stages,
    workers: list[Worker],
    tests: subprocess.Popen[bytes] | None,
    started_at: str,
) -> GateResult:
    with Scan(workers, raw, stages) as scan:
        with stages.stage("synth"):
            if app and command is None:
                assembly = Path(app)
            else:
                assembly.mkdir(parents=True, exist_ok=True)
                for stale in assembly.glob("*.template.json"):
                    stale.unlink()
                (assembly / NAG_EVIDENCE_FILE).unlink(missing_ok=True)
                with started_when_written(assembly, scan):
                    if command:
                        synthesize_command(command, assembly, console)
                    else:
                        synthesize_in_process(assembly)
            records = acknowledgments_from_assembly(assembly)
            if applied_acknowledgments(assembly, records):
                from stacks.acknowledgments import MODE_VARIABLE, RECORD_MODE

                raise UsageError(
                    f"{assembly} was synthesized with acknowledgments applied; the gate needs "
                    f"{MODE_VARIABLE}={RECORD_MODE} (as --app CMD and the default synthesis set it)"
                )
        templates = sorted(assembly.glob("*.template.json"))
        if not templates:
            raise UsageError(f"{assembly}: no CloudFormation template to gate")
        with stages.stage("checkov + cfn-lint"):
            scan.wait(templates)
    if tests is not None:
        with stages.stage("tests"):
            tests.wait()
    with stages.stage("evaluate"):
        parsed = {t.name.removesuffix(".template.json"): json.loads(t.read_text()) for t in templates}
        index = evaluate.resource_index(parsed)
        privileges = least_privilege.compare(parsed, inventory.load())
        scan_output = json.loads((raw / "checkov.json").read_text())
        rows = evaluate.checkov_rows(scan_output["results"], index)
        paths = evaluate.by_path(index)
        failures = evaluate.nag_failures(nag_violations(assembly), paths)
        failures += evaluate.checkov_failures(rows)
        failures += evaluate.cfn_lint_failures(json.loads((raw / "cfn-lint.json").read_text()), index)
        catalogue = {c["id"]: c["name"] for c in scan_output["custom_checks"]}
        registry = registered_claims({c["id"]: c["claims"] for c in scan_output["custom_checks"]})
        test_cases = junit_cases(junit)
        if test_cases is None:
            stages.note(f"no test results at {junit}: test verifiers not run")
        observed = evaluate.Observations(
            failures=failures,
            checkov=rows,
            checkov_catalogue=catalogue,
            tests=test_cases,
            records=records,
            tools_ran=frozenset({"cdk-nag", "checkov", "cfn-lint"}),
            nag_evaluations=evaluate.nag_evidence_rows(nag_evidence.evaluations(assembly), paths),
            known_nag_rules=nag_evidence.known_rule_ids(assembly),
            least_privilege=privileges,
        )
        claims = evaluate.claim_results(registry, observed)
        findings, acks = evaluate.findings(registry, claims, observed, dt.date.today())
        findings += least_privilege_verdict.findings(privileges)
        findings += [evaluate_error(e) for e in scan_output.get("errors", [])]
        findings += [
            Finding(
                tool="cdk-nag",
                rule="plugin-error",
                claims=(),
                stack="",
                logical_id="",
                path="",
                message=f"{pack}: {error}"[:300],
            )
            for pack, error in nag_evidence.plugin_errors(assembly).items()
        ]
    result = GateResult(
        commit=commit(),
        started_at=started_at,
        duration_seconds=0.0,
        tool_versions={**tool_versions(), "checkov": scan_output["checkov_version"]},
        stacks=tuple(sorted(parsed)),
        claims=claims,
        findings=tuple(findings),
        acknowledgments=tuple(acks),
        template_hashes={t.name: hashlib.sha256(t.read_bytes()).hexdigest() for t in templates},
        stage_seconds=stages.seconds,
        least_privilege=tuple(privileges),
    )
    with stages.stage("reports"):
        result.duration_seconds = round(time.perf_counter() - stages.started, 2)
        raw_outputs = {"checkov.json": raw / "checkov.json", "cfn-lint.json": raw / "cfn-lint.json"}
        if (assembly / "validation-report.json").exists():
            raw_outputs["validation-report.json"] = assembly / "validation-report.json"
        if (assembly / NAG_EVIDENCE_FILE).exists():
            raw_outputs[NAG_EVIDENCE_FILE] = assembly / NAG_EVIDENCE_FILE
        if (raw / "synth-output.txt").is_file():
            raw_outputs["synth-output.txt"] = raw / "synth-output.txt"
        if junit.is_file():
            raw_outputs["pytest.xml"] = raw / "pytest.xml"
            if junit.resolve() != raw_outputs["pytest.xml"].resolve():
                shutil.copyfile(junit, raw_outputs["pytest.xml"])  # out/raw, where it may live, is recreated
        write_reports(result, out, raw_outputs, assembly_dir=str(assembly))
        manifest.write(assembly, verdict="pass" if result.passed else "fail", commit=result.commit)
    result.duration_seconds = round(time.perf_counter() - stages.started, 2)
    return result


def evaluate_error(error: Any) -> Any:
    from tools.gate.model import Finding

    return Finding(
        tool="checkov", rule="error", claims=(), stack="", logical_id="", path="", message=str(error)[:300]
    )
