"""GT-08 for the web app's claims: each counterexample fails the gate, naming claim and resource."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compliance.counterexample_cases import WEBAPP
from tests.compliance.counterexamples import Counterexample, gated, stand_in_junit


@pytest.fixture(scope="module")
def junit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stand_in_junit(tmp_path_factory.mktemp("junit"))


@pytest.mark.parametrize("case", WEBAPP, ids=lambda c: c.id)
def test_the_gate_rejects_the_counterexample_naming_its_claim_and_resource(
    case: Counterexample, junit: Path, tmp_path: Path
) -> None:
    # GIVEN the real app with one property of one resource changed (case.change)
    # WHEN the gate runs over it
    result = gated(case, tmp_path, junit)
    # THEN it fails, a FAIL line names the claim and the changed resource, and nothing outside the
    # changed resource's stack fails (inside it, MW-05 by use may also name the role whose use moved)
    assert result.status == 1, result.output
    assert result.naming(case.claim), result.output
    stack = result.resource.split("/")[0]
    assert {f.where.split("/")[0] for f in result.failures} == {stack}, result.output
