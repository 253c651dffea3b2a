"""Checkov kept warm: one process imports Checkov once, then scans templates on request (GT-03).

Run it with Checkov's own interpreter (`python -m tools.checkov_env` prints it):

    <checkov python> -m tools.gate.checkov_worker                    # serve requests from stdin
    <checkov python> -m tools.gate.checkov_worker --once OUT T [T..]  # scan templates T into OUT

(`--checks-dir DIR` loads the custom checks from DIR instead of `policies/checkov`.)

Serving, every stdin line is a request `{"templates": [path, ...], "output": path}` (optionally
`"jobs": n`, see tools/gate/worker.py), answered by one line on stdout: `{"ok": true, "output": ...,
"seconds": <scan>, "import_seconds": ..., "results": n, "failed": n, "errors": n}`, or
`{"ok": false, "error": "..."}`. The worker exits at end of input (status 1 if a request failed).
The gate starts it before synthesizing, so Checkov's import (over a second) overlaps the synthesis.
With `jobs` > 1 the templates are scanned in that many processes forked from the warm worker; the
results are the same (Checkov's CloudFormation graph never links two templates).

Checkov runs in-process: the CloudFormation framework, its built-in checks plus the project's
(`policies/checkov`). Nothing is downloaded (no platform calls, `--skip-download` semantics): the
worker refuses every outbound connection, so a Checkov code path that tried one would show up as
an error instead of a silent download.

Output (one JSON file per request): `checkov_version`, `templates` (as requested), `custom_checks`
(`id`, `name`, `claims`, `resource_types`, `module`), `results` (one per check and resource:
`check_id`, `check_name`, `template`, `logical_id`, `resource_type`, `result` PASSED/FAILED/SKIPPED,
`custom`, `claims`, and `suppress_comment` when skipped), `errors` (unparseable templates, checks
that crashed, refused connections) and `seconds` (`import`, `scan`).
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

from tools.gate.worker import (
    Arguments,
    Request,
    UserError,
    collector_paused,
    exit_now,
    in_parallel,
    require_files,
    serve,
    settle,
    shares,
    stdout_reserved,
    write,
)

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKS_DIR = ROOT / "policies" / "checkov"


class ErrorLog(logging.Handler):
    """Collects the ERROR records Checkov logs while scanning (a crashed check becomes an UNKNOWN
    result Checkov drops; this is how the gate hears of it)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += f": {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        self.messages.append(message)


ERRORS = ErrorLog()


class Checkov(NamedTuple):
    """Checkov, imported once, with the project's checks loaded."""

    registry: Any
    runner: Any
    runner_filter: Any
    version: str
    import_seconds: float


def refuse_network() -> None:
    """Make every outbound internet connection fail (and be reported)."""
    original = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            ERRORS.messages.append(f"network access refused: {address!r}")
            raise ConnectionRefusedError(f"checkov_worker refuses network access ({address!r})")
        original(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        connect(self, address)
        return 0

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]


def import_checkov(checks_dir: Path) -> Checkov:
    """Import Checkov quietly, load the project's checks, keep its logging out of stdout and memory."""
    started = time.perf_counter()
    os.environ.setdefault("BC_SKIP_MAPPING", "TRUE")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    # parse in this process: forking a long-lived worker and pickling templates back costs more
    # than the parsing it spreads (measured on the app's six templates)
    os.environ.setdefault("CHECKOV_PARALLELIZATION_TYPE", "none")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # the checks import `policies.constants`
    from checkov.cloudformation.checks.resource.registry import cfn_registry
    from checkov.cloudformation.runner import Runner
    from checkov.common.bridgecrew.platform_integration import bc_integration
    from checkov.runner_filter import RunnerFilter
    from checkov.version import version

    bc_integration.skip_download = True
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)  # Checkov's stderr log and its in-memory copy of every line
    root.setLevel(logging.ERROR)
    root.addHandler(ERRORS)  # what it still logs becomes the output's `errors`
    cfn_registry.load_external_checks(str(checks_dir))
    settle()
    return Checkov(cfn_registry, Runner, RunnerFilter, version, time.perf_counter() - started)


def custom_checks(registry: Any) -> list[dict[str, Any]]:
    checks = {check.id: check for _, check in registry.all_checks() if hasattr(check, "CLAIMS")}
    return [
        {
            "id": check.id,
            "name": check.name,
            "claims": list(check.CLAIMS),
            "resource_types": sorted(check.supported_resources),
            "module": module_path(check),
        }
        for check in sorted(checks.values(), key=lambda check: (len(check.id), check.id))
    ]


def module_path(check: Any) -> str:
    module = sys.modules.get(type(check).__module__)
    path = Path(getattr(module, "__file__", "") or "")
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def scan(checkov: Checkov, templates: list[str], jobs: int = 1) -> dict[str, Any]:
    """Every passed, failed and skipped check on every resource of `templates`."""
    require_files(templates)
    started = time.perf_counter()
    _WARM[:] = [checkov]
    groups = shares({template: Path(template).stat().st_size for template in templates}, jobs)
    with collector_paused():
        parts = in_parallel(_scan_part, groups)
    return {
        "checkov_version": checkov.version,
        "templates": templates,
        "custom_checks": custom_checks(checkov.registry),
        "results": sorted(
            (row for results, _ in parts for row in results),
            key=lambda r: (r["template"], r["logical_id"], r["check_id"]),
        ),
        "errors": [error for _, errors in parts for error in errors],
        "seconds": {
            "import": round(checkov.import_seconds, 3),
            "scan": round(time.perf_counter() - started, 3),
        },
    }


_WARM: list[Checkov] = []  # the imported Checkov, which forked scans inherit (it is never pickled)


def _scan_part(templates: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """One group's result rows and errors, in this process or a forked one."""
    [checkov] = _WARM
    requested = {str(Path(template).resolve()): template for template in templates}
    ERRORS.messages.clear()
    report = checkov.runner().run(
        root_folder=None,
        files=list(requested),
        runner_filter=checkov.runner_filter(framework=["cloudformation"], show_progress_bar=False),
    )
    report = report[0] if isinstance(report, list) else report
    records = report.passed_checks + report.failed_checks + report.skipped_checks
    claims = {check["id"]: check["claims"] for check in custom_checks(checkov.registry)}
    results = [result(record, requested, claims) for record in records]
    errors = [f"cannot parse template {path}" for path in report.parsing_errors] + ERRORS.messages
    return results, errors


def result(record: Any, requested: dict[str, str], claims: dict[str, list[str]]) -> dict[str, Any]:
    resource_type, _, logical_id = record.resource.rpartition(".")
    entry = {
        "check_id": record.check_id,
        "check_name": record.check_name,
        "template": requested.get(str(Path(record.file_abs_path).resolve()), record.file_abs_path),
        "logical_id": logical_id,
        "resource_type": resource_type,
        "result": record.check_result["result"].name,
        "custom": record.check_id in claims,
        "claims": claims.get(record.check_id, []),
    }
    if entry["result"] == "SKIPPED":
        entry["suppress_comment"] = record.check_result.get("suppress_comment", "")
    return entry


def handle(checkov: Checkov, request: Request) -> dict[str, Any]:
    document = scan(checkov, request.templates, request.jobs)
    write(request.output, document)
    return {
        "output": request.output,
        "seconds": document["seconds"]["scan"],
        "import_seconds": document["seconds"]["import"],
        "results": len(document["results"]),
        "failed": sum(r["result"] == "FAILED" for r in document["results"]),
        "errors": len(document["errors"]),
    }


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = Arguments(prog="python -m tools.gate.checkov_worker", description=__doc__.split("\n")[0])
    parser.add_argument("--once", metavar="OUT", help="scan TEMPLATE... into OUT and exit")
    parser.add_argument(
        "--checks-dir", type=Path, default=CHECKS_DIR, help="the custom checks (policies/checkov)"
    )
    parser.add_argument("templates", nargs="*", metavar="TEMPLATE")
    arguments = parser.parse_args(argv)
    if (arguments.once is None) != (not arguments.templates):
        parser.error("--once OUT takes one or more templates; serving mode takes none")
    return arguments


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    try:
        require_files(arguments.templates)
        if not (arguments.checks_dir / "__init__.py").is_file():
            raise UserError(f"not a checks package (no __init__.py): {arguments.checks_dir}")
    except UserError as exc:
        print(f"checkov_worker: {exc}", file=sys.stderr)
        return 2
    with stdout_reserved() as replies:
        refuse_network()
        checkov = import_checkov(arguments.checks_dir)
        if arguments.once is None:
            return serve("checkov_worker", lambda request: handle(checkov, request), sys.stdin, replies)
        return once(checkov, arguments.templates, arguments.once)


def once(checkov: Checkov, templates: list[str], output: str) -> int:
    """Scan `templates` into `output`: 0, 1 when Checkov reported errors, 2 on a user error."""
    try:
        document = scan(checkov, templates)
        write(output, document)
    except UserError as exc:
        print(f"checkov_worker: {exc}", file=sys.stderr)
        return 2
    for error in document["errors"]:
        print(f"checkov_worker: {error}", file=sys.stderr)
    return 1 if document["errors"] else 0


if __name__ == "__main__":
    exit_now(main(sys.argv[1:]))
