"""Checkov and cfn-lint over the synthesized templates, as fast as two CPUs allow (GT-03, issue #4).

Both tools run in workers (tools/gate/worker.py) started before the synthesis, at a lower priority,
so their imports overlap it; the scan starts as soon as the templates are final, while the cdk-nag
packs still run; each tool spreads the templates over forked processes (`scan_jobs`).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.gate.progress import Stages

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass
class Worker:
    """A tool worker (tools/gate/worker.py) started before the synthesis and asked once, after it."""

    tool: str
    process: subprocess.Popen[str]
    log: Path  # its stderr

    def ask(self, templates: list[Path], output: Path, jobs: int) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        request = {
            "templates": [str(t.resolve()) for t in templates],
            "output": str(output.resolve()),
            "jobs": jobs,
        }
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.close()
        except BrokenPipeError:
            pass  # it died: the missing answer says so
        line = self.process.stdout.readline()  # then it exits; the gate does not wait for that
        answer = json.loads(line) if line.strip() else {"error": f"no answer, exit {self.process.wait()}"}
        if not answer.get("ok"):
            detail = self.log.read_text(errors="replace")[-2000:] if self.log.is_file() else ""
            raise RuntimeError(f"{self.tool} worker failed: {answer.get('error')} {detail}".strip())
        return dict(answer)

    def renice(self, above_gate: int) -> None:
        """Make the worker `above_gate` nicer than the gate (lower CPU priority), as far as allowed:
        raising a priority back takes CAP_SYS_NICE or RLIMIT_NICE, without which the worker keeps
        its lower one (that matters only where other work competes for the CPUs)."""
        niceness = os.getpriority(os.PRIO_PROCESS, 0) + above_gate
        with contextlib.suppress(ProcessLookupError, PermissionError):  # gone: its missing answer says so
            os.setpriority(os.PRIO_PROCESS, self.process.pid, niceness)


WORKER_NICENESS = 5


def start_worker(tool: str, python: Path, module: str, raw: Path) -> Worker:
    """The worker, at a lower CPU priority than the gate until the scan starts (`Scan.start`):
    while it imports, the gate synthesizes, and that is what the gate waits for. Measured on two
    otherwise idle CPUs: up to a second off a ten-second gate. Only a little lower (nice 5, a
    quarter of the CPU against an equal competitor), so that under a foreign load the import
    still finishes during the synthesis."""
    log = raw / f"{tool}-worker.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [str(python), "-m", module],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    worker = Worker(tool, process, log)
    worker.renice(WORKER_NICENESS)
    return worker


def start_workers(raw: Path) -> list[Worker]:
    """Checkov (in its own virtualenv) and cfn-lint, importing while the gate synthesizes."""
    from tools.checkov_env import ensure

    return [
        start_worker("checkov", ensure(), "tools.gate.checkov_worker", raw),
        start_worker("cfn-lint", Path(sys.executable), "tools.gate.cfn_lint_worker", raw),
    ]


def scan_jobs(cpus: int) -> dict[str, int]:
    """Processes per tool: cfn-lint takes about 1.4 times Checkov's CPU on this app's templates, so it
    gets one more; with two CPUs, three processes keep both busy until the scan ends."""
    return {"checkov": max(1, cpus // 2), "cfn-lint": cpus // 2 + 1}


class Scan:
    """Checkov and cfn-lint over the templates, side by side, each over `scan_jobs` processes:
    `start` once the templates are final, `wait` for both answers (a line as each tool ends)."""

    def __init__(self, workers: list[Worker], raw: Path, stages: Stages) -> None:
        self.workers, self.raw, self.stages = workers, raw, stages
        self.templates: list[Path] | None = None
        self.began = 0.0
        self._jobs = scan_jobs(os.cpu_count() or 1)
        self._pool = ThreadPoolExecutor(len(workers))
        self._asked: dict[Future[dict[str, Any]], Worker] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Scan:
        return self

    def __exit__(self, *error: object) -> None:
        if error[0] is not None:
            for worker in self.workers:
                worker.process.kill()  # no answer matters any more
        self._pool.shutdown()

    def start(self, templates: list[Path]) -> None:
        """Ask both workers, unless that was done already (by `started_when_written`)."""
        with self._lock:
            if self.templates is None:
                self.templates, self.began = templates, time.perf_counter()
                for worker in self.workers:
                    worker.renice(0)  # the scan is what the gate waits for now
                self._asked = {
                    self._pool.submit(w.ask, templates, self.raw / f"{w.tool}.json", self._jobs[w.tool]): w
                    for w in self.workers
                }

    def wait(self, templates: list[Path]) -> None:
        self.start(templates)
        if self.templates != templates:
            raise RuntimeError(
                f"the templates changed after the scan started: {self.templates} -> {templates}"
            )
        for done in as_completed(self._asked):
            answer, tool = done.result(), self._asked[done].tool
            used = min(self._jobs[tool], len(templates))
            detail = f"{used} process{'es' if used > 1 else ''}, import {answer['import_seconds']:.1f} s"
            self.stages.tool(tool, time.perf_counter() - self.began, detail)


@contextmanager
def started_when_written(assembly: Path, scan: Scan) -> Iterator[None]:
    """While synthesizing into `assembly`, start `scan` as soon as the templates are final: the CDK
    writes the assembly's manifest.json after every template, then runs the cdk-nag packs (policy
    validation plugins, which only read them), so the scan overlaps the packs."""
    manifest, stop = assembly / "manifest.json", threading.Event()
    manifest.unlink(missing_ok=True)

    def watch() -> None:
        while not stop.wait(0.02):
            if manifest.is_file():
                scan.start(sorted(assembly.glob("*.template.json")))
                began = scan.began - scan.stages.started
                scan.stages.note(f"templates written at {began:.1f} s: checkov + cfn-lint started")
                return

    watcher = threading.Thread(target=watch, name="gate-template-watch", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()
