"""Fixtures of the compliance tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compliance.counterexamples import stand_in_junit


@pytest.fixture(scope="module")
def claims_passed_junit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The claims' tests as passed, for the counterexample modules (see tests/compliance/counterexamples)."""
    return stand_in_junit(tmp_path_factory.mktemp("junit"))
