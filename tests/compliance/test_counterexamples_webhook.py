"""GT-08 for the webhook's claims: each counterexample fails the gate, naming claim and resource."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compliance.counterexample_cases import WEBHOOK
from tests.compliance.counterexamples import Counterexample, gated, stand_in_junit


@pytest.fixture(scope="module")
def junit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stand_in_junit(tmp_path_factory.mktemp("junit"))


@pytest.mark.parametrize("case", WEBHOOK, ids=lambda c: c.id)
def test_the_gate_rejects_the_counterexample_naming_its_claim_and_resource(
    case: Counterexample, junit: Path, tmp_path: Path
) -> None:
    # GIVEN the real app with one property of one resource changed (case.change)
    # WHEN the gate runs over it
    result = gated(case, tmp_path, junit)
    # THEN it fails, a FAIL line names the claim and the changed resource, and no other resource fails
    assert result.status == 1, result.output
    assert result.naming(case.claim), result.output
    assert {f.where for f in result.failures} == {result.resource}, result.output
