"""How the gate shares the CPUs between Checkov and cfn-lint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.gate.scan import Worker, scan_jobs


@pytest.mark.parametrize(("cpus", "checkov", "cfn_lint"), [(1, 1, 1), (2, 1, 2), (4, 2, 3), (8, 4, 5)])
def test_cfn_lint_gets_one_process_more_than_checkov(cpus: int, checkov: int, cfn_lint: int) -> None:
    assert scan_jobs(cpus) == {"checkov": checkov, "cfn-lint": cfn_lint}


def test_a_worker_can_be_made_nicer_than_the_gate(tmp_path: Path) -> None:
    # GIVEN a worker process
    process = subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE, text=True)
    worker = Worker("probe", process, tmp_path / "probe.log")
    try:
        # WHEN it is made 5 nicer
        worker.renice(5)
        # THEN it runs at a lower CPU priority than the gate
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == os.getpriority(os.PRIO_PROCESS, 0) + 5
    finally:
        process.communicate("\n")
