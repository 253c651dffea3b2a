"""Deploy after the gate (GT-10): `python -m tools.deploy [--assembly cdk.out] [STACK ...]`.

Refuses unless the gate passed on exactly this cloud assembly (every file hashed against the
gate's `gate-manifest.json`), then runs the pinned CDK CLI on that assembly, never synthesizing
again: `npx --no-install cdk deploy --app <assembly> ...`. `--dry-run` prints the command instead.
Exit codes: 0 deployed (or dry run), 1 refused, 2 bad arguments, otherwise the CLI's own.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path
from typing import TextIO

from tools.gate import manifest

MAX_LISTED = 10


def deploy_command(assembly: Path, stacks: list[str], extra: list[str]) -> list[str]:
    """The CLI command that deploys `stacks` (all when empty) from the sealed `assembly`."""
    targets = stacks or ["--all"]
    return [
        "npx", "--no-install", "cdk", "deploy",
        "--app", str(assembly),
        *targets,
        "--require-approval", "broadening",
        *extra,
    ]  # fmt: skip


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.deploy", description=__doc__.split("\n")[0])
    parser.add_argument("--assembly", type=Path, default=Path("cdk.out"), help="the gated cloud assembly")
    parser.add_argument("--dry-run", action="store_true", help="print the deploy command, run nothing")
    parser.add_argument("stacks", nargs="*", help="stacks to deploy (default: all)")
    parser.add_argument("--cdk-arg", action="append", default=[], help="extra argument for `cdk deploy`")
    return parser.parse_args(argv)


def main(argv: list[str], *, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # argparse already printed its one-line usage error
        return 2 if exc.code else 0
    if not args.assembly.is_dir():
        print(f"deploy: refused: {args.assembly} is not a cloud assembly directory", file=err)
        return 1
    try:
        problems = manifest.verify(args.assembly)
    except ValueError as exc:
        print(f"deploy: refused: {exc}", file=err)
        return 1
    if problems:
        print(
            f"deploy: refused: {args.assembly} is not what the gate passed ({len(problems)} difference(s))",
            file=err,
        )
        for problem in problems[:MAX_LISTED]:
            print(f"  {problem}", file=err)
        return 1
    command = deploy_command(args.assembly, args.stacks, args.cdk_arg)
    print(f"deploy: {args.assembly} matches the gate's manifest; running: {shlex.join(command)}", file=out)
    if args.dry_run:
        return 0
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
