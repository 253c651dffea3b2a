"""Checkov kept warm: one process imports Checkov once, then scans templates on request (GT-03).

Run it with Checkov's own interpreter (`python -m tools.checkov_env` prints it):

    <checkov python> -m tools.gate.checkov_worker                    # serve requests from stdin
    <checkov python> -m tools.gate.checkov_worker --once OUT T [T..]  # scan templates T into OUT

(`--checks-dir DIR` loads the custom checks from DIR instead of `policies/checkov`.)

Serving, every stdin line is a request `{"templates": [path, ...], "output": path}`, answered by one
line on stdout: `{"ok": true, "output": ..., "seconds": <scan>, "import_seconds": ..., "results": n,
"failed": n, "errors": n}`, or `{"ok": false, "error": "..."}`. The worker exits at end of input
(status 1 if a request failed). The gate starts it before synthesizing, so Checkov's import (over a
second) overlaps the synthesis.

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
import contextlib
import json
import logging
import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple, NoReturn, TextIO

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKS_DIR = ROOT / "policies" / "checkov"


class UserError(Exception):
    """A mistake in the request or the command line: reported in one line, never a traceback."""


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


def require_files(templates: list[str]) -> None:
    missing = [template for template in templates if not Path(template).is_file()]
    if missing:
        raise UserError(f"template not found: {missing[0]}")


def scan(checkov: Checkov, templates: list[str]) -> dict[str, Any]:
    """Every passed, failed and skipped check on every resource of `templates`."""
    require_files(templates)
    requested = {str(Path(template).resolve()): template for template in templates}
    ERRORS.messages.clear()
    started = time.perf_counter()
    report = checkov.runner().run(
        root_folder=None,
        files=list(requested),
        runner_filter=checkov.runner_filter(framework=["cloudformation"], show_progress_bar=False),
    )
    report = report[0] if isinstance(report, list) else report
    records = report.passed_checks + report.failed_checks + report.skipped_checks
    catalogue = custom_checks(checkov.registry)
    claims = {check["id"]: check["claims"] for check in catalogue}
    results = [result(record, requested, claims) for record in records]
    errors = [f"cannot parse template {path}" for path in report.parsing_errors] + ERRORS.messages
    return {
        "checkov_version": checkov.version,
        "templates": templates,
        "custom_checks": catalogue,
        "results": sorted(results, key=lambda r: (r["template"], r["logical_id"], r["check_id"])),
        "errors": errors,
        "seconds": {
            "import": round(checkov.import_seconds, 3),
            "scan": round(time.perf_counter() - started, 3),
        },
    }


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


def write(output: str, document: dict[str, Any]) -> None:
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror}") from exc


def parse_request(line: str) -> tuple[list[str], str]:
    """The templates and the output path of a request line."""
    try:
        request = json.loads(line)
    except ValueError as exc:
        raise UserError(f"request is not JSON: {exc}") from exc
    request = request if isinstance(request, dict) else {}
    templates, output = request.get("templates"), request.get("output")
    if isinstance(templates, list) and all(isinstance(t, str) for t in templates) and isinstance(output, str):
        return templates, output
    raise UserError('a request is {"templates": [path, ...], "output": path}')


def handle(checkov: Checkov, line: str) -> dict[str, Any]:
    templates, output = parse_request(line)
    document = scan(checkov, templates)
    write(output, document)
    return {
        "ok": True,
        "output": output,
        "seconds": document["seconds"]["scan"],
        "import_seconds": document["seconds"]["import"],
        "results": len(document["results"]),
        "failed": sum(r["result"] == "FAILED" for r in document["results"]),
        "errors": len(document["errors"]),
    }


def serve(checkov: Checkov, requests: TextIO, replies: TextIO) -> int:
    """Answer every request line; 1 if one of them failed."""
    status = 0
    for line in requests:
        if not line.strip():
            continue
        try:
            reply = handle(checkov, line)
        except UserError as exc:
            print(f"checkov_worker: {exc}", file=sys.stderr)
            reply, status = {"ok": False, "error": str(exc)}, 1
        replies.write(json.dumps(reply) + "\n")
        replies.flush()
    return status


class Arguments(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"checkov_worker: {message} (see --help)", file=sys.stderr)
        raise SystemExit(2)


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


@contextlib.contextmanager
def stdout_reserved() -> Iterator[TextIO]:
    """The real stdout for replies only; anything else printed (by Checkov) goes to stderr."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        yield replies
    finally:
        replies.close()


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
            return serve(checkov, sys.stdin, replies)
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
    sys.exit(main(sys.argv[1:]))
