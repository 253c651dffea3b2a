"""GT-08 for the webhook's claims: each counterexample fails the gate, naming claim and resource."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compliance.apps.extra_action import EXTRA
from tests.compliance.counterexample_cases import WEBHOOK
from tests.compliance.counterexamples import Counterexample, gated


@pytest.mark.parametrize("case", WEBHOOK, ids=lambda c: c.id)
def test_the_gate_rejects_the_counterexample_naming_its_claim_and_resource(
    case: Counterexample, claims_passed_junit: Path, tmp_path: Path
) -> None:
    # GIVEN the real app with one property of one resource changed (case.change)
    # WHEN the gate runs over it
    result = gated(case, tmp_path, claims_passed_junit)
    # THEN it fails, naming the claim and the changed resource, and nothing outside its stack fails
    result.assert_rejected(case.claim)


def test_an_app_command_whose_role_gained_one_unused_scoped_action_fails_the_gate_naming_mw05(
    claims_passed_junit: Path, tmp_path: Path
) -> None:
    import io
    import sys
    from contextlib import redirect_stderr

    from tools.gate import fingerprint
    from tools.gate.__main__ import main

    # GIVEN an app command: the dev app with DeleteItem on transaction_processor's own table
    command = f"{sys.executable} tests/compliance/apps/extra_action.py"
    fingerprint.sidecar(claims_passed_junit).write_text(fingerprint.compute() + "\n")
    # WHEN the gate runs it with --app CMD
    stream = io.StringIO()
    with redirect_stderr(stream):
        status = main(
            ["--app", command, "--assembly", str(tmp_path / "cdk.out"), "--out", str(tmp_path / "r"),
             "--junit", str(claims_passed_junit)]
        )  # fmt: skip
    # THEN it fails on MW-05 by use, naming the role's policy (logical id and construct path)
    (line,) = [line for line in stream.getvalue().splitlines() if line.startswith("FAIL ") and EXTRA in line]
    assert status == 1
    assert line.startswith("FAIL MW-05 observed-calls Webhook-dev/TransactionProcessorPolicy")
    assert "(Webhook-dev/TransactionProcessor/Policy/Resource)" in line
