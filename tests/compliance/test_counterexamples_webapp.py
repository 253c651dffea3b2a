"""GT-08 for the web app's claims: each counterexample fails the gate, naming claim and resource."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compliance.counterexample_cases import WEBAPP
from tests.compliance.counterexamples import Counterexample, gated


@pytest.mark.parametrize("case", WEBAPP, ids=lambda c: c.id)
def test_the_gate_rejects_the_counterexample_naming_its_claim_and_resource(
    case: Counterexample, claims_passed_junit: Path, tmp_path: Path
) -> None:
    # GIVEN the real app with one property of one resource changed (case.change)
    # WHEN the gate runs over it
    result = gated(case, tmp_path, claims_passed_junit)
    # THEN it fails, naming the claim and the changed resource, and nothing outside its stack fails
    result.assert_rejected(case.claim)
