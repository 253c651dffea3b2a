"""`python -m tools.gate [--app CMD|DIR] [--out reports] [--assembly cdk.out] [--junit FILE]`.

Exit status: 0 the gate passed, 1 it failed, 2 a usage error (one line, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.gate.run import UsageError, run_gate
from tools.gate.worker import exit_now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.gate", description=__doc__)
    parser.add_argument("--app", help="an app command (run with CDK_OUTDIR) or an existing cloud assembly")
    parser.add_argument("--out", type=Path, default=Path("reports"), help="where the reports go")
    parser.add_argument("--assembly", type=Path, default=Path("cdk.out"), help="where to synthesize")
    parser.add_argument("--junit", type=Path, help="the test run's JUnit XML (default OUT/raw/pytest.xml)")
    args = parser.parse_args(argv)
    junit = args.junit or args.out / "raw" / "pytest.xml"
    if args.app is not None and not args.app.strip():
        print("gate: --app needs a command or a directory", file=sys.stderr)
        return 2
    try:
        result = run_gate(app=args.app, out=args.out, assembly=args.assembly, junit=junit, err=sys.stderr)
    except UsageError as exc:
        print(f"gate: {exc}", file=sys.stderr)
        return 2
    for finding in result.findings:
        print(finding.line(), file=sys.stderr)
    failed_claims = [c.id for c in result.claims if not c.passed]
    verdict = "PASSED" if result.passed else "FAILED"
    named = f" ({', '.join(failed_claims)})" if failed_claims else ""
    print(
        f"gate: {verdict}: {len(result.claims)} claims, {len(failed_claims)} failed{named},"
        f" {len(result.findings)} open findings, {result.duration_seconds:.1f} s; reports in {args.out}",
        file=sys.stderr,
    )
    return 0 if result.passed else 1


if __name__ == "__main__":
    # Everything is written and flushed by now: skip the interpreter's teardown (freeing the CDK's
    # modules, waiting for its node process: over half a second). Node exits when its input closes.
    exit_now(main())
