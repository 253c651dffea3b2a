"""One Checkov run per session: the gate's worker scans every fixture template at once.

Checkov lives in its own virtualenv (`tools.checkov_env`), so the tests drive it the way the gate
does, through `tools.gate.checkov_worker --once`, and read the JSON it writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compliance.checkov.scan import CheckovScan, scan_fixtures
from tools.checkov_env import ensure


@pytest.fixture(scope="session")
def checkov_python() -> Path:
    return ensure()


@pytest.fixture(scope="session")
def checkov_scan(checkov_python: Path, tmp_path_factory: pytest.TempPathFactory) -> CheckovScan:
    return scan_fixtures(checkov_python, tmp_path_factory.mktemp("checkov") / "fixtures.json")
