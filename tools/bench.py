"""Cold-start cost of each Lambda handler, as a ratio to the floor boto3 itself imposes.

    python -m tools.bench [--runs N] [--handler NAME ...] [--target RATIO] [--precompiled]
    python -m tools.bench gate [--runs N] [--junit FILE]   # the gate's speed: see tools/bench_gate.py

measures, in fresh Python processes, how long importing each handler module takes (its
module-level client creation included) and compares it with the floor: a fresh process that
imports boto3 and creates exactly the clients that handler creates, with the same region and
`botocore.config.Config` options.

The floor is not declared by hand: a first, untimed probe process imports the handler with
`botocore.session.Session.create_client` wrapped, and records every client it creates. The handler
code is copied like the Lambda asset (no `__pycache__`) and run with `PYTHONDONTWRITEBYTECODE=1`,
so every cold start compiles it from source as Lambda does (`--precompiled` compiles it ahead, to
show what compilation costs). Handler and floor runs alternate (and swap order every round) so
drift on a shared machine hits both; each figure is a median.

It is a measurement, not a test: exit 0 whatever the ratios, 1 when a process fails.
"""

from __future__ import annotations

import argparse
import ast
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAMBDAS = ROOT / "lambdas"
ASSET_EXCLUDES = ("__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache", ".ruff_cache")
DEFAULT_RUNS = 15
DEFAULT_TARGET = 1.25
REGION = "eu-west-1"
ACCOUNT = "123456789012"

# Dummy values: enough for every handler module to import without touching AWS.
LAMBDA_ENVIRONMENT = {
    "AWS_REGION": REGION,
    "AWS_DEFAULT_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_LAMBDA_FUNCTION_NAME": "bench",
    "TOPIC_ARN": f"arn:aws:sns:{REGION}:{ACCOUNT}:payment_events",
    "DLQ_URL": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/webhook-handler-dlq",
    "SIGNING_SECRET_ARN": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:webhook-signing-AbCdEf",
    "TRANSACTIONS_TABLE": "transactions",
    "AUDIT_TABLE": "audit_logs",
    "METRICS_NAMESPACE": "FinTech/Payments",
    "ENVIRONMENT": "bench",
}
HANDLERS = ("webhook_handler", "transaction_processor", "audit_logger")

# Each script prints one JSON line on stdout. The timed span starts before the first import.
PROBE_SCRIPT = """
import json, sys
import botocore.config, botocore.session
created = []
original = botocore.session.Session.create_client
def recording(self, service_name, region_name=None, *args, **kwargs):
    config = kwargs.get("config")
    options = {}
    if config is not None:
        for key, default in botocore.config.Config.OPTION_DEFAULTS.items():
            value = getattr(config, key, default)
            if value != default:
                options[key] = value
    created.append({"service": service_name, "region": region_name, "config": repr(options)})
    return original(self, service_name, region_name, *args, **kwargs)
botocore.session.Session.create_client = recording
__import__(sys.argv[1])
print(json.dumps(created))
"""

HANDLER_SCRIPT = """
import json, sys, time
start = time.perf_counter()
__import__(sys.argv[1])
print(json.dumps({"ms": (time.perf_counter() - start) * 1000}))
"""


@dataclass(frozen=True)
class ClientSpec:
    """One client a handler creates at import: service, region and non-default Config options."""

    service: str
    region: str | None
    config: str  # repr() of a dict of Config options, a Python literal


@dataclass(frozen=True)
class Result:
    handler: str
    floor_ms: float
    handler_ms: float
    clients: tuple[ClientSpec, ...]

    @property
    def ratio(self) -> float:
        return ratio(self.handler_ms, self.floor_ms)


def median(samples: Sequence[float]) -> float:
    """The median of at least one sample."""
    if not samples:
        raise ValueError("median of no samples")
    return float(statistics.median(samples))


def ratio(handler_ms: float, floor_ms: float) -> float:
    """How many times the floor the handler costs."""
    if floor_ms <= 0:
        raise ValueError(f"floor must be positive, got {floor_ms}")
    return handler_ms / floor_ms


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "over target"


def floor_script(clients: Sequence[ClientSpec]) -> str:
    """A script that imports boto3 and creates exactly `clients`, timing itself like the handler."""
    lines = [
        "import json, time",
        "start = time.perf_counter()",
        "import boto3",
        "from botocore.config import Config",
    ]
    for client in clients:
        options = ast.literal_eval(client.config)
        config = f"Config(**{options!r})" if options else "None"
        lines.append(f"boto3.client({client.service!r}, region_name={client.region!r}, config={config})")
    lines.append('print(json.dumps({"ms": (time.perf_counter() - start) * 1000}))')
    return "\n".join(lines) + "\n"


def format_table(results: Sequence[Result], target: float) -> str:
    """The results as a fixed-width text table, one row per handler."""
    header = ("handler", "floor ms", "handler ms", "ratio", "target", "verdict")
    rows = [
        (
            result.handler,
            f"{result.floor_ms:.1f}",
            f"{result.handler_ms:.1f}",
            f"{result.ratio:.2f}x",
            f"{target:.2f}x",
            verdict(result.ratio, target),
        )
        for result in results
    ]
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    )


def _run(script: str, argument: str, *, cwd: Path) -> str:
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(cwd),
        "PYTHONDONTWRITEBYTECODE": "1",
        **LAMBDA_ENVIRONMENT,
    }
    completed = subprocess.run(
        [sys.executable, "-c", script, argument],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{argument or 'floor'}: exit {completed.returncode}: {completed.stderr.strip()[-2000:]}"
        )
    return completed.stdout.strip().splitlines()[-1]


def _timed(script: str, argument: str, *, cwd: Path) -> float:
    return float(json.loads(_run(script, argument, cwd=cwd))["ms"])


def probe(module: str, *, cwd: Path) -> tuple[ClientSpec, ...]:
    """The clients importing `module` creates, in creation order."""
    created = json.loads(_run(PROBE_SCRIPT, module, cwd=cwd))
    return tuple(ClientSpec(service=c["service"], region=c["region"], config=c["config"]) for c in created)


def measure(handler: str, *, runs: int, cwd: Path) -> Result:
    """Median import time of `handler.handler` and of its floor over `runs` alternating pairs."""
    module = f"{handler}.handler"
    clients = probe(module, cwd=cwd)
    floor = floor_script(clients)
    floor_samples: list[float] = []
    handler_samples: list[float] = []
    for round_number in range(runs):
        pair = [(floor, "", floor_samples), (HANDLER_SCRIPT, module, handler_samples)]
        if round_number % 2:
            pair.reverse()
        for script, argument, samples in pair:
            samples.append(_timed(script, argument, cwd=cwd))
    return Result(
        handler=handler, floor_ms=median(floor_samples), handler_ms=median(handler_samples), clients=clients
    )


def copy_asset(destination: Path, *, precompiled: bool = False) -> Path:
    """lambdas/ as the Lambda asset ships it (no bytecode caches), or compiled ahead if `precompiled`."""
    target = destination / "lambdas"
    shutil.copytree(LAMBDAS, target, ignore=shutil.ignore_patterns(*ASSET_EXCLUDES))
    if precompiled and not compileall.compile_dir(target, quiet=1):
        raise RuntimeError(f"compiling {target} failed")
    return target


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help=f"pairs per handler (default {DEFAULT_RUNS})"
    )
    parser.add_argument(
        "--handler", action="append", choices=HANDLERS, help="measure only this handler (repeatable)"
    )
    parser.add_argument(
        "--target", type=float, default=DEFAULT_TARGET, help=f"ratio target (default {DEFAULT_TARGET})"
    )
    parser.add_argument(
        "--precompiled",
        action="store_true",
        help="compile the handler code ahead (the asset ships none, so a real cold start compiles it)",
    )
    arguments = parser.parse_args(argv)
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    return arguments


def versions() -> str:
    import boto3
    import botocore

    load = " ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (
        f"Python {platform.python_version()} ({sys.executable}), boto3 {boto3.__version__}, "
        f"botocore {botocore.__version__}; {os.cpu_count()} CPUs, load average {load}"
    )


def main(argv: Sequence[str]) -> int:
    if list(argv[:1]) == ["gate"]:
        from tools import bench_gate

        return bench_gate.main(argv[1:])
    arguments = parse_args(argv)
    print(versions())
    code = (
        "handler code compiled ahead"
        if arguments.precompiled
        else "handler code compiled at import, as in Lambda"
    )
    print(f"{arguments.runs} alternating handler/floor runs per handler, fresh process each, median; {code}")
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        try:
            asset = copy_asset(Path(scratch), precompiled=arguments.precompiled)
            results = [
                measure(handler, runs=arguments.runs, cwd=asset) for handler in arguments.handler or HANDLERS
            ]
        except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError) as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1
    print(format_table(results, arguments.target))
    for result in results:
        services = ", ".join(client.service for client in result.clients) or "none"
        print(f"  {result.handler}: floor = import boto3 + client(s) {services}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
