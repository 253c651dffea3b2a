"""pytest plugin: the e2e run's recorded calls must match policies/observed_calls.json (MW-05).

Registered by tests/conftest.py, so it runs in the controller of an xdist run as well as in its
workers. Each worker hands what its `RECORDER` saw to the controller (`workeroutput`); the
controller merges every worker's calls with its own and, when the session ends:

- after any run, a call the file lacks fails the session: nothing may need a permission the
  inventory does not show;
- after a complete e2e run (every tests/e2e test file collected, no -k/-m/--deselect/--lf, no
  e2e test failed), the file must equal what was seen: an entry nothing needs any more fails too.

`FINTECH_UPDATE_INVENTORY=1 pytest tests/e2e` rewrites the file from a complete run instead.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.recorder import RECORDER
from tools.gate import inventory

E2E_PREFIX = "tests/e2e/"
E2E_DIR = inventory.ROOT / "tests" / "e2e"
WORKER_KEY = "fintech_observed_calls"
TITLE = "MW-05 observed AWS calls"
FILTER_OPTIONS = ("keyword", "markexpr", "deselect", "lf")


@dataclass(frozen=True)
class Verdict:
    failed: bool
    lines: tuple[str, ...] = ()


@dataclass
class Session:
    workers: list[inventory.Inventory] = field(default_factory=list)  # what each xdist worker saw
    collected: set[str] = field(default_factory=set)  # node ids of every test collected
    e2e_failed: bool = False
    verdict: Verdict = Verdict(failed=False)


STATE = Session()  # what this process saw of the test session (one pytest run per process)


def pytest_collection_finish(session: pytest.Session) -> None:
    STATE.collected.update(item.nodeid for item in session.items)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    STATE.collected.update(ids)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed and report.nodeid.startswith(E2E_PREFIX):
        STATE.e2e_failed = True


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    output = getattr(node, "workeroutput", {}).get(WORKER_KEY)
    if output is not None:
        STATE.workers.append(inventory.from_json(json.loads(output)))


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if hasattr(config, "workeroutput"):
        config.workeroutput[WORKER_KEY] = json.dumps(inventory.to_json(RECORDER.inventory()))
        return
    if exitstatus == pytest.ExitCode.INTERRUPTED or not any(
        node.startswith(E2E_PREFIX) for node in STATE.collected
    ):
        return
    observed = inventory.merge(RECORDER.inventory(), *STATE.workers)
    update = os.environ.get(inventory.UPDATE_VARIABLE) == "1"
    STATE.verdict = check(observed, complete=complete_run(config, STATE), update=update)
    if STATE.verdict.failed:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if STATE.verdict.lines:
        terminalreporter.section(TITLE)
        for line in STATE.verdict.lines:
            terminalreporter.write_line(line)


def complete_run(config: pytest.Config, state: Session) -> bool:
    """Every e2e test file ran, unfiltered, and no e2e test failed."""
    files = {f"{E2E_PREFIX}{path.name}" for path in E2E_DIR.glob("test_*.py")}
    ran = {node.split("::", 1)[0] for node in state.collected}
    filtered = any(config.getoption(name, default=None) for name in FILTER_OPTIONS)
    return files <= ran and not filtered and not state.e2e_failed


def check(
    observed: inventory.Inventory, *, complete: bool, update: bool, path: Path = inventory.INVENTORY_PATH
) -> Verdict:
    """Whether `observed` matches the file at `path`; with `update`, after a complete run, rewrite it."""
    committed = inventory.load(path) if path.is_file() else {}
    differences = inventory.differences(committed, observed, complete=complete)
    if not differences:
        return Verdict(failed=False)
    if update and complete:
        path.write_text(inventory.dumps(observed), encoding="utf-8")
        return Verdict(failed=False, lines=(f"rewrote {path.name}:", *differences))
    scope = (
        "" if complete else " (a partial run: only calls the file lacks count; an update needs a full run)"
    )
    return Verdict(
        failed=True,
        lines=(
            f"the AWS calls of this e2e run differ from {path.name}{scope}:",
            *differences,
            "Check that each function's role grants exactly what it now needs, then run "
            f"`{inventory.UPDATE_COMMAND}` to rewrite the file, and commit it.",
        ),
    )
