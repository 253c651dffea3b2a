"""The summary chart's numbers: pass / acknowledged / fail per stack and tool."""

from __future__ import annotations

from dataclasses import replace

from tests.gate_report_example import HANDLER_LOGS, WEBAPP, WEBHOOK, example_result
from tools.gate.model import ClaimResult, Finding, VerifierResult
from tools.gate.reports.summary import APP_WIDE, Counts, summarize


def test_counts_each_stack_and_tool_of_the_example() -> None:
    # GIVEN the example run WHEN it is summarized
    summary = summarize(example_result())

    # THEN every (stack, tool) cell holds exactly the evaluations and unshown findings there
    assert summary.cells == {
        (WEBHOOK, "Checkov"): Counts(passed=3, failed=1),
        (WEBHOOK, "NIST.800.53.R5"): Counts(passed=1),
        (WEBHOOK, "AwsSolutions"): Counts(acknowledged=1),
        (WEBAPP, "Checkov"): Counts(passed=2),
        (WEBAPP, "NIST.800.53.R5"): Counts(passed=1),
        (WEBAPP, "AwsSolutions"): Counts(passed=1),
        (WEBAPP, "cfn-lint"): Counts(passed=1, failed=1),
        (WEBAPP, "acknowledgments"): Counts(failed=1),
        (APP_WIDE, "tests"): Counts(passed=1),
    }


def test_orders_stacks_as_synthesized_then_app_wide_and_nag_packs_before_other_tools() -> None:
    summary = summarize(example_result())

    assert summary.stacks == (WEBHOOK, WEBAPP, APP_WIDE)
    assert summary.tools == (
        "AwsSolutions",
        "NIST.800.53.R5",
        "Checkov",
        "cfn-lint",
        "tests",
        "acknowledgments",
    )


def test_a_finding_a_failing_evaluation_already_shows_is_not_counted_twice() -> None:
    # GIVEN the WH-03 Checkov failure, both an evaluation and an open finding
    summary = summarize(example_result())

    # THEN Webhook-dev's Checkov cell counts it once
    assert summary.cell(WEBHOOK, "Checkov").failed == 1


def test_an_open_finding_no_evaluation_shows_counts_as_a_failure() -> None:
    # GIVEN a result whose only failure is a stock cdk-nag finding no claim cites
    finding = Finding(
        tool="cdk-nag",
        rule="HIPAA.Security-LambdaDLQ",
        claims=(),
        stack=WEBAPP,
        logical_id="ValidationFn",
        path="WebApp-dev/Validation/Function/Resource",
        message="no DLQ",
    )
    result = replace(example_result(), findings=(finding,))

    # THEN its pack's cell shows it as failed
    assert summarize(result).cell(WEBAPP, "HIPAA.Security") == Counts(failed=1)


def test_a_rule_cited_by_two_claims_counts_each_resource_once() -> None:
    # GIVEN the same Checkov check on the same log group under two claims
    verifier = VerifierResult(
        kind="checkov", id="CKV_FIN_4", description="retention", ran=True, evaluations=(HANDLER_LOGS,)
    )
    claims = tuple(
        ClaimResult(id=claim_id, statement="s", pci_dss=(), verifiers=(verifier,))
        for claim_id in ("MW-02", "MW-03")
    )
    result = replace(example_result(), claims=claims, findings=())

    # THEN the log group counts once
    assert summarize(result).cells == {(WEBHOOK, "Checkov"): Counts(passed=1)}


def test_totals_add_up_per_stack_per_tool_and_overall() -> None:
    summary = summarize(example_result())

    assert summary.stack_total(WEBAPP) == Counts(passed=5, failed=2)
    assert summary.tool_total("Checkov") == Counts(passed=5, failed=1)
    assert summary.grand_total() == Counts(passed=10, acknowledged=1, failed=3)
