"""cfn-lint kept warm: one process imports cfn-lint and loads its rules once, then lints on request (GT-03).

    python -m tools.gate.cfn_lint_worker                     # serve requests from stdin
    python -m tools.gate.cfn_lint_worker --once OUT T [T..]   # lint templates T into OUT

Serving follows tools/gate/worker.py: a request `{"templates": [...], "output": path, "jobs": n}`
is answered by `{"ok": true, "output": ..., "seconds": <lint>, "import_seconds": ..., "matches": n,
"errors": n}`. The gate starts the worker before synthesizing, so the import and the rule loading
overlap the synthesis, and asks for two jobs: the templates are split by size between the worker
and one process forked from it.

The output is exactly what `cfn-lint --format json -- T...` prints for the same templates: the same
configuration (command line defaults plus any `.cfnlintrc`), every rule the command enables, the
matches in its order (file, line, rule). `errors` counts the matches that are errors.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

from tools.gate.worker import (
    Arguments,
    Request,
    UserError,
    exit_now,
    in_parallel,
    require_files,
    serve,
    settle,
    shares,
    stdout_reserved,
    write,
)

FORMAT = ["--format", "json"]


class CfnLint(NamedTuple):
    """cfn-lint, imported once, with its rules loaded."""

    runner: Any
    config: Any  # cfnlint.config.ConfigMixIn
    formatter: Any
    import_seconds: float


_WARM: list[CfnLint] = []  # what forked lints inherit (it is never pickled)


def import_cfn_lint() -> CfnLint:
    started = time.perf_counter()
    from cfnlint.config import ConfigMixIn
    from cfnlint.formatters import JsonFormatter
    from cfnlint.runner.cli import Runner

    runner = Runner(ConfigMixIn(FORMAT))
    settle()
    return CfnLint(runner, ConfigMixIn, JsonFormatter(), time.perf_counter() - started)


def lint(cfn_lint: CfnLint, templates: list[str], jobs: int = 1) -> list[dict[str, Any]]:
    """cfn-lint's JSON matches for `templates`, in the command's order."""
    require_files(templates)
    _WARM[:] = [cfn_lint]
    groups = shares({template: Path(template).stat().st_size for template in templates}, jobs)
    matches = [match for part in in_parallel(_lint_part, groups) for match in part]
    return sorted(
        matches, key=lambda m: (m["Filename"], m["Location"]["Start"]["LineNumber"], m["Rule"]["Id"])
    )


def _lint_part(templates: list[str]) -> list[dict[str, Any]]:
    """One group's matches, in this process or a forked one."""
    [cfn_lint] = _WARM
    cfn_lint.runner.config = config = cfn_lint.config([*FORMAT, "--", *templates])
    matches = list(cfn_lint.runner.run())
    return list(json.loads(cfn_lint.formatter.print_matches(matches, cfn_lint.runner.rules, config)))


def handle(cfn_lint: CfnLint, request: Request) -> dict[str, Any]:
    started = time.perf_counter()
    matches = lint(cfn_lint, request.templates, request.jobs)
    write(request.output, matches)
    return {
        "output": request.output,
        "seconds": round(time.perf_counter() - started, 3),
        "import_seconds": round(cfn_lint.import_seconds, 3),
        "matches": len(matches),
        "errors": sum(match["Level"] == "Error" for match in matches),
    }


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = Arguments(prog="python -m tools.gate.cfn_lint_worker", description=__doc__.split("\n")[0])
    parser.add_argument("--once", metavar="OUT", help="lint TEMPLATE... into OUT and exit")
    parser.add_argument("--jobs", type=int, default=1, help="processes to spread the templates over")
    parser.add_argument("templates", nargs="*", metavar="TEMPLATE")
    arguments = parser.parse_args(argv)
    if (arguments.once is None) != (not arguments.templates):
        parser.error("--once OUT takes one or more templates; serving mode takes none")
    if arguments.jobs < 1:
        parser.error("--jobs must be at least 1")
    return arguments


def main(argv: list[str]) -> int:
    """Serve, or lint once: 0, or 2 on a user error (matches are data, not a failure)."""
    arguments = parse_arguments(argv)
    try:
        require_files(arguments.templates)
    except UserError as exc:
        print(f"cfn_lint_worker: {exc}", file=sys.stderr)
        return 2
    with stdout_reserved() as replies:
        cfn_lint = import_cfn_lint()
        if arguments.once is None:
            return serve("cfn_lint_worker", lambda request: handle(cfn_lint, request), sys.stdin, replies)
        try:
            handle(cfn_lint, Request(arguments.templates, arguments.once, arguments.jobs))
        except UserError as exc:
            print(f"cfn_lint_worker: {exc}", file=sys.stderr)
            return 2
        return 0


if __name__ == "__main__":
    exit_now(main(sys.argv[1:]))
