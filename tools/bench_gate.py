"""The gate's speed against what a team would otherwise run, measured side by side (issue #4).

    python -m tools.bench gate [--runs N] [--junit FILE]

Three pipelines on the same app, run alternately (the order rotates every round), each step a
fresh process writing into its own scratch folders:
- gate: `python -m tools.gate`: one synthesis with every cdk-nag pack, Checkov, cfn-lint, the
  evaluation and every report;
- scripted: what a team would script instead, one process each: `npx --no-install cdk synth`
  (package.json's pinned CLI), `checkov -d <assembly> --framework cloudformation` with the
  project's custom checks, `cfn-lint` over the templates;
- bare: the floor, the app synthesized with no pack and no built-in validation (`python -c`:
  `app.add_environment` for every environment on an `App` with build_app's options, in record
  mode like the gate, so its templates must be byte-identical to the gate's; it imports app.py, so
  cdk_nag is imported, as `python app.py` imports it).

Printed: the medians; gate/scripted against 0.5x and gate/bare against 2.0x; the gate's peak
memory against 1 GiB: the sum of the RSS of its whole process tree (node, the Checkov and cfn-lint
workers and their forks), sampled every 50 ms, shared pages counted in every process, so an upper
bound; each pipeline's CPU time (all its processes, sampled likewise), which shows what two CPUs
can and cannot overlap; the median of every stage line the gate printed, and of each scripted step.

Test results: the gate reuses a JUnit XML whose fingerprint matches the sources, as CI does after
`tox -e test`. Without one, the claim tests run once first, untimed. A round in which the gate ran
them itself anyway (sources edited meanwhile) is reported and left out of the medians.

A measurement, not a test: exit 0 whatever the ratios, 1 when a step fails or no round counts.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tools.bench import median, ratio, verdict

ROOT = Path(__file__).resolve().parent.parent
PIPELINES = ("gate", "scripted", "bare")
SCRIPTED_TARGET = 0.5
BARE_TARGET = 2.0
MEMORY_TARGET_MIB = 1024
DEFAULT_RUNS = 3
SAMPLE_SECONDS = 0.05
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STAGE_LINE = re.compile(
    r"^gate: (?P<indent>\s*)(?P<name>\S.*?) \.\.\. (?P<seconds>\d+(?:\.\d+)?) s(?: \(.*\))?$"
)
TESTS_RAN = re.compile(r"^gate: no test results for these sources .*: running \d+ claim test files$", re.M)
CFN_LINT_EXITS = dict.fromkeys(range(0, 16, 2), "")  # 2 errors | 4 warnings | 8 informational

BARE_SYNTH = """
import sys
from aws_cdk import App
import app
from stacks.acknowledgments import recorded
from stacks.config import load_environments
with recorded():
    bare = App(outdir=sys.argv[1], builtin_cloud_formation_validation=False, analytics_reporting=False,
               context={"aws:cdk:enable-path-metadata": True})
    for config in load_environments().values():
        app.add_environment(bare, config)
    bare.synth()
"""


class StepFailed(Exception):
    """A step exited with a status its pipeline does not allow."""


@dataclass(frozen=True)
class Step:
    """One process of a pipeline. `exits`: each exit status it may end with, and what it means (a
    note for the output, or ""). `lint` appends the templates of that assembly to the command."""

    name: str
    command: list[str]
    exits: Mapping[int, str] = field(default_factory=lambda: {0: ""})
    lint: Path | None = None


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu_seconds: float
    peak_kib: int
    exit: int
    stderr: str


@dataclass
class Run:
    """One pipeline's run in one round: its steps, timed one after the other."""

    steps: dict[str, Measured] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps.values())

    @property
    def cpu_seconds(self) -> float:
        return sum(step.cpu_seconds for step in self.steps.values())

    @property
    def peak_kib(self) -> int:
        return max((step.peak_kib for step in self.steps.values()), default=0)


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (from /proc; a process that ended meanwhile is skipped)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for threads in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending += [int(child) for child in threads.read_text().split()]
            except OSError:
                continue
    return found


def rss_kib(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KIB
    except (OSError, IndexError):
        return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of `pid` so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


class TreeSampler(threading.Thread):
    """Samples a process tree every 50 ms until `stop()`: `peak_kib`, the highest sum of its RSS,
    and `cpu_seconds`, the CPU time of every process as last seen (a process left to end on its
    own, like the CDK's node process when the gate exits, is counted too; the last 50 ms of each
    process may be missed)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib = pid, 0
        self._cpu: dict[int, float] = {}
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            tree = descendants(self.pid)
            self.peak_kib = max(self.peak_kib, sum(rss_kib(pid) for pid in tree))
            for pid in tree:
                self._cpu[pid] = max(self._cpu.get(pid, 0.0), cpu_seconds(pid))
            self._stopped.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stopped.set()
        self.join()

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())


def measure(step: Step, *, env: Mapping[str, str], scratch: Path) -> Measured:
    """Run `step` from the repository root, timing it and sampling its process tree."""
    command = (
        [*step.command, *sorted(map(str, step.lint.glob("*.template.json")))] if step.lint else step.command
    )
    with (scratch / f"{step.name}.out").open("wb") as out, (scratch / f"{step.name}.err").open("w+b") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=dict(env), stdout=out, stderr=err)
        sampler = TreeSampler(process.pid)
        sampler.start()
        status = process.wait()
        seconds = time.perf_counter() - started
        sampler.stop()
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if status not in step.exits:
        raise StepFailed(f"{step.name}: `{shlex.join(command)}` exit {status}: {stderr.strip()[-1500:]}")
    return Measured(seconds, sampler.cpu_seconds, sampler.peak_kib, status, stderr)


def stage_lines(stderr: str) -> list[tuple[str, float]]:
    """The gate's `gate: <stage> ... <n> s` lines (a tool inside a stage keeps its indent)."""
    found = []
    for line in stderr.splitlines():
        match = STAGE_LINE.match(line)
        if match:
            found.append((match["indent"] + match["name"], float(match["seconds"])))
    return found


def median_breakdown(runs: Sequence[Sequence[tuple[str, float]]]) -> list[tuple[str, float]]:
    """Per name, the median over the runs that have it; names in the order they first appear."""
    samples: dict[str, list[float]] = {}
    for run in runs:
        for name, seconds in run:
            samples.setdefault(name, []).append(seconds)
    return [(name, median(values)) for name, values in samples.items()]


def round_order(round_number: int) -> list[str]:
    """The pipelines in the order of a round: each goes first, second and third in turn."""
    shift = round_number % len(PIPELINES)
    return [*PIPELINES[shift:], *PIPELINES[:shift]]


def environment() -> dict[str, str]:
    """The caller's environment, the venv's Python first on PATH (cdk.json runs `python3 app.py`),
    the CDK CLI told not to look for notices or newer versions."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {
        **os.environ,
        "PATH": path,
        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
        "CDK_DISABLE_VERSION_CHECK": "1",
        "CDK_DISABLE_CLI_TELEMETRY": "1",
    }


def checkov_command() -> Path:
    from tools.checkov_env import ensure

    return ensure().parent / "checkov"


def pipeline(name: str, folder: Path, *, junit: Path) -> list[Step]:
    """The steps of pipeline `name`, writing under `folder` (the assembly in `folder/cdk.out`)."""
    assembly = folder / "cdk.out"
    if name == "gate":
        gate = [
            sys.executable,
            "-m",
            "tools.gate",
            "--out",
            str(folder / "reports"),
            "--assembly",
            str(assembly),
        ]
        failed = "the gate's verdict was FAILED (every stage still ran)"
        return [Step("gate", [*gate, "--junit", str(junit)], {0: "", 1: failed})]
    if name == "scripted":
        synth = ["npx", "--no-install", "cdk", "synth", "--no-notices", "--quiet", "--output", str(assembly)]
        nag = "`cdk synth` exited 1 (unacknowledged cdk-nag errors) after writing the templates"
        checkov = [
            str(checkov_command()), "-d", str(assembly), "--framework", "cloudformation", "--skip-download",
            "--external-checks-dir", "policies/checkov", "--output", "json",
        ]  # fmt: skip
        lint = [str(Path(sys.executable).parent / "cfn-lint"), "--format", "json", "--"]
        return [
            Step("cdk synth", synth, {0: "", 1: nag}),
            Step("checkov", checkov, {0: "", 1: ""}),  # 1: some check failed
            Step("cfn-lint", lint, CFN_LINT_EXITS, lint=assembly),
        ]
    return [Step("bare synth", [sys.executable, "-c", BARE_SYNTH, str(assembly)])]


def run_pipeline(steps: Sequence[Step], folder: Path, *, env: Mapping[str, str]) -> Run:
    folder.mkdir(parents=True)
    run = Run()
    for step in steps:
        run.steps[step.name] = measured = measure(step, env=env, scratch=folder)
        if step.exits[measured.exit]:
            run.notes.append(step.exits[measured.exit])
    if "gate" in run.steps and TESTS_RAN.search(run.steps["gate"].stderr):
        run.notes.append("the gate ran the claim tests itself (sources changed): left out of the medians")
    return run


def same_templates(gate: Path, bare: Path) -> bool:
    """Whether both assemblies hold the same templates, byte for byte."""
    names = sorted(path.name for path in gate.glob("*.template.json"))
    return (
        bool(names)
        and names == sorted(path.name for path in bare.glob("*.template.json"))
        and all((gate / name).read_bytes() == (bare / name).read_bytes() for name in names)
    )


def fresh_junit(requested: Path | None, scratch: Path) -> tuple[Path, str]:
    """A JUnit XML the gate will reuse, and how it was obtained."""
    from tools.gate import fingerprint

    junit = requested or ROOT / "reports" / "raw" / "pytest.xml"
    if fingerprint.matches(junit):
        return junit, f"fresh test results at {junit}: the gate reuses them, as in CI after `tox -e test`"
    from tools.gate.run import claim_test_files, start_tests

    files = claim_test_files()
    print(f"bench: no fresh test results at {junit}: running the {len(files)} claim test files once, untimed")
    target = scratch / "pytest.xml"
    start_tests(files, target).wait()
    if not fingerprint.matches(target):
        raise StepFailed(
            "the claim tests wrote no JUnit XML matching the sources (were files edited meanwhile?)"
        )
    return target, "test results from one untimed run of the claim tests first: the gate reuses them"


def format_rows(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A fixed-width text table; the first column left-aligned, the others right-aligned."""
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in (header, *rows)
    )


def ratio_rows(gate_s: float, scripted_s: float, bare_s: float, gate_peak_mib: float) -> list[list[str]]:
    """The three targets of issue #4, each with its value and verdict."""
    to_scripted, to_bare = ratio(gate_s, scripted_s), ratio(gate_s, bare_s)
    return [
        [
            "gate / scripted",
            f"{to_scripted:.2f}x",
            f"<= {SCRIPTED_TARGET:.2f}x",
            verdict(to_scripted, SCRIPTED_TARGET),
        ],
        ["gate / bare", f"{to_bare:.2f}x", f"<= {BARE_TARGET:.2f}x", verdict(to_bare, BARE_TARGET)],
        [
            "gate peak memory",
            f"{gate_peak_mib:.0f} MiB",
            f"< {MEMORY_TARGET_MIB} MiB",
            verdict(gate_peak_mib, MEMORY_TARGET_MIB - 1e-9),
        ],
    ]


def pipeline_row(name: str, runs: Sequence[Run]) -> list[str]:
    seconds = [run.seconds for run in runs]
    return [
        name,
        f"{median(seconds):.2f}",
        f"{min(seconds):.2f}",
        f"{max(seconds):.2f}",
        f"{median([run.cpu_seconds for run in runs]):.1f}",
        f"{max(run.peak_kib for run in runs) / 1024:.0f}",
    ]


def report(runs: Mapping[str, list[Run]]) -> str:
    medians = {name: median([run.seconds for run in runs[name]]) for name in PIPELINES}
    peak = max(run.peak_kib for run in runs["gate"]) / 1024
    targets = ratio_rows(medians["gate"], medians["scripted"], medians["bare"], peak)
    gate_stages = median_breakdown([stage_lines(run.steps["gate"].stderr) for run in runs["gate"]])
    steps = median_breakdown([[(n, m.seconds) for n, m in run.steps.items()] for run in runs["scripted"]])
    header = ("pipeline", "median s", "min s", "max s", "CPU s", "peak MiB")
    return "\n\n".join(
        [
            format_rows(header, [pipeline_row(name, runs[name]) for name in PIPELINES]),
            format_rows(("target", "value", "target", "verdict"), targets),
            "gate, by stage (median s; indented: a tool inside the stage, done that long after it began):\n"
            + format_rows(("stage", "s"), [[f"  {name}", f"{seconds:.1f}"] for name, seconds in gate_stages]),
            "scripted, by step (median s):\n"
            + format_rows(("step", "s"), [[f"  {name}", f"{seconds:.1f}"] for name, seconds in steps]),
        ]
    )


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.bench gate", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help=f"rounds (default {DEFAULT_RUNS})")
    parser.add_argument(
        "--junit", type=Path, help="test results for the gate (default reports/raw/pytest.xml)"
    )
    arguments = parser.parse_args(argv)
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    return arguments


def measure_rounds(count: int, scratch: Path, *, junit: Path, env: Mapping[str, str]) -> dict[str, list[Run]]:
    """`count` rounds of the three pipelines; the runs that count, per pipeline."""
    runs: dict[str, list[Run]] = {name: [] for name in PIPELINES}
    for number in range(count):
        folder = {name: scratch / f"{number}-{name}" for name in PIPELINES}
        done = {
            name: run_pipeline(pipeline(name, folder[name], junit=junit), folder[name], env=env)
            for name in round_order(number)
        }
        if not same_templates(folder["gate"] / "cdk.out", folder["bare"] / "cdk.out"):
            raise StepFailed("the bare synthesis wrote other templates than the gate's: not the same app")
        for name, run in done.items():
            print(
                f"round {number + 1}: {name} {run.seconds:.2f} s" + "".join(f"; {note}" for note in run.notes)
            )
            if not (name == "gate" and TESTS_RAN.search(run.steps["gate"].stderr)):
                runs[name].append(run)
    return runs


def main(argv: Sequence[str]) -> int:
    arguments, env = parse_args(argv), environment()
    print(f"{os.cpu_count()} CPUs, load average {load()}; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="bench-gate-") as scratch:
        try:
            junit, how = fresh_junit(arguments.junit, Path(scratch))
            print(how)
            print(f"{arguments.runs} rounds of gate, scripted and bare, alternately; fresh processes each")
            runs = measure_rounds(arguments.runs, Path(scratch), junit=junit, env=env)
        except (StepFailed, OSError, ValueError) as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1
    if not runs["gate"]:
        print("bench: no round counts: the gate ran the claim tests itself every time", file=sys.stderr)
        return 1
    print(f"load average after: {load()}\n\n{report(runs)}")
    return 0
