"""The gate's verdict rules on small inputs: matching, evaluations per verifier, findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from policies.nag import evidence
from policies.nag.inventory import Resource as NagResource
from policies.nag.inventory import Verdict
from policies.nag.rules import env_parity
from policies.registry import Claim
from stacks.acknowledgments import AcknowledgmentRecord
from tools.gate.acknowledgments import split_by_acknowledgment
from tools.gate.evaluate import (
    Failure,
    Observations,
    Resource,
    cfn_lint_failures,
    checkov_failures,
    checkov_rows,
    claim_results,
    findings,
    nag_evidence_rows,
    nag_failures,
    resource_index,
)
from tools.gate.nag_evidence import evaluations, known_rule_ids, stock_rule_ids

TODAY = dt.date(2026, 11, 23)
LOGS = Resource(
    stack="Webhook-dev", logical_id="Logs1", path="Webhook-dev/Logs/Resource", type="AWS::Logs::LogGroup"
)
TEMPLATES = {
    "Webhook-dev": {"Resources": {"Logs1": {"Type": LOGS.type, "Metadata": {"aws:cdk:path": LOGS.path}}}}
}
MW02 = Claim(
    id="MW-02", statement="logs", pci_dss=("10.5.1",), verifiers=("checkov:CKV_FIN_4", "nag:AwsSolutions-L1")
)


def record(
    finding: str, *, path: str = "Webhook-dev/Logs", expires: dt.date = dt.date(2027, 5, 31)
) -> AcknowledgmentRecord:
    return AcknowledgmentRecord(finding=finding, reason="r" * 40, owner="o", expires=expires, path=path)


def observed(*, failures=(), checkov=(), records=(), tests=None) -> Observations:  # type: ignore[no-untyped-def]
    return Observations(
        failures=list(failures),
        checkov=list(checkov),
        checkov_catalogue={"CKV_FIN_4": "Ensure retention"},
        tests=tests,
        records=list(records),
        tools_ran=frozenset({"cdk-nag", "checkov", "cfn-lint"}),
    )


def checkov_failure() -> Failure:
    return Failure(tool="checkov", rule="CKV_FIN_4", resource=LOGS, message="Checkov check failed")


def test_a_nag_violation_on_an_acknowledged_construct_is_acknowledged() -> None:
    violation = {
        "ruleName": "AwsSolutions-L1",
        "description": "d",
        "violatingConstructs": [{"constructPath": LOGS.path}],
    }
    open_, acknowledged, stale = split_by_acknowledgment([violation], [record("AwsSolutions-L1")])
    assert (open_, [a[:2] for a in acknowledged], stale) == ([], [("AwsSolutions-L1", LOGS.path)], [])


def test_an_acknowledgment_covering_nothing_is_stale() -> None:
    _, _, stale = split_by_acknowledgment([], [record("AwsSolutions-L1")])
    assert [r.finding for r in stale] == ["AwsSolutions-L1"]


def test_nag_violations_carry_the_stack_and_logical_id_of_their_construct() -> None:
    violation = {
        "ruleName": "AwsSolutions-L1",
        "description": "d",
        "violatingConstructs": [{"constructPath": LOGS.path}],
    }
    [failure] = nag_failures([violation], {LOGS.path: LOGS})
    assert failure.resource == LOGS


def test_checkov_rows_are_tied_to_the_construct_path() -> None:
    row = {
        "check_id": "CKV_FIN_4",
        "result": "FAILED",
        "template": "cdk.out/Webhook-dev.template.json",
        "logical_id": "Logs1",
    }
    assert checkov_rows([row], resource_index(TEMPLATES)) == [("CKV_FIN_4", "FAILED", LOGS)]


def test_a_cfn_lint_match_names_its_resource() -> None:
    match = {
        "Filename": "cdk.out/Webhook-dev.template.json",
        "Location": {"Path": ["Resources", "Logs1", "Properties"]},
        "Rule": {"Id": "W3011"},
        "Message": "m",
        "Level": "Warning",
    }
    [failure] = cfn_lint_failures([match], resource_index(TEMPLATES))
    assert (failure.rule, failure.resource) == ("W3011", LOGS)


def test_an_open_checkov_failure_fails_the_claim_and_is_a_finding() -> None:
    seen = observed(failures=[checkov_failure()], checkov=[("CKV_FIN_4", "FAILED", LOGS)])
    [claim] = claim_results([MW02], seen)
    found, _ = findings([MW02], [claim], seen, TODAY)
    assert not claim.passed
    assert [f.line() for f in found] == [
        "FAIL MW-02 CKV_FIN_4 Webhook-dev/Logs1 (Webhook-dev/Logs/Resource): Checkov check failed"
    ]


def test_an_acknowledged_checkov_failure_passes_the_claim() -> None:
    seen = observed(
        failures=[checkov_failure()], checkov=[("CKV_FIN_4", "FAILED", LOGS)], records=[record("CKV_FIN_4")]
    )
    [claim] = claim_results([MW02], seen)
    found, acks = findings([MW02], [claim], seen, TODAY)
    assert claim.passed and found == [] and [a.status for a in acks] == ["active"]
    assert claim.verifiers[0].evaluations[0].result == "acknowledged"


def test_a_nag_verifier_without_violations_ran_and_passes_with_no_rows() -> None:
    [claim] = claim_results([MW02], observed(checkov=[("CKV_FIN_4", "PASSED", LOGS)]))
    nag = claim.verifiers[1]
    assert (nag.ran, nag.evaluations, nag.passed) == (True, (), True)


def test_an_expired_acknowledgment_is_a_finding() -> None:
    seen = observed(failures=[checkov_failure()], records=[record("CKV_FIN_4", expires=TODAY)])
    found, acks = findings([MW02], claim_results([MW02], seen), seen, TODAY)
    assert [a.status for a in acks] == ["expired"]
    assert [f.tool for f in found] == ["acknowledgments"]


def test_a_stale_acknowledgment_is_a_finding() -> None:
    seen = observed(records=[record("CKV_FIN_4")])
    found, acks = findings([MW02], claim_results([MW02], seen), seen, TODAY)
    assert [a.status for a in acks] == ["stale"]
    assert [f.message for f in found] == ["acknowledgment stale (covers no finding)"]


def test_without_test_results_a_test_only_claim_is_unverified() -> None:
    claim = Claim(id="WH-12", statement="s", pci_dss=("8.3.1",), verifiers=("test:tests/unit/test_x.py",))
    seen = observed()
    results = claim_results([claim], seen)
    found, _ = findings([claim], results, seen, TODAY)
    assert not results[0].passed and [f.rule for f in found] == ["unverified"]


def test_a_failing_test_fails_its_claim() -> None:
    claim = Claim(id="WH-12", statement="s", pci_dss=("8.3.1",), verifiers=("test:tests/unit/test_x.py",))
    seen = observed(tests={"tests/unit/test_x.py": [("tests/unit/test_x.py::test_a", "fail", "boom")]})
    results = claim_results([claim], seen)
    found, _ = findings([claim], results, seen, TODAY)
    assert not results[0].passed and [(f.tool, f.path) for f in found] == [
        ("test", "tests/unit/test_x.py::test_a")
    ]


def test_a_checkov_skip_in_the_template_is_a_failure() -> None:
    [failure] = checkov_failures([("CKV_FIN_4", "SKIPPED", LOGS), ("CKV_FIN_4", "PASSED", LOGS)])
    assert (failure.rule, failure.message) == ("CKV_FIN_4", "Checkov check skipped in the template")


# --- the project's cdk-nag pack: its evidence of passes, and which nag rules exist ---

QUEUE = Resource(
    stack="Webhook-dev", logical_id="Queue1", path="Webhook-dev/Queue/Resource", type="AWS::SQS::Queue"
)
MW09 = Claim(id="MW-09", statement="parity", pci_dss=("6.5.1",), verifiers=("nag:FinTech-EnvParity",))


def write_evidence(
    folder: Path, *, compliant: bool = True, registered: tuple[str, ...] = ("FinTech",)
) -> None:
    verdict = Verdict(
        resource=NagResource(stack=QUEUE.stack, path=QUEUE.path, type=QUEUE.type),
        compliant=compliant,
        message="same path and type in every environment of Webhook",
    )
    evidence.write(
        folder,
        evidence.document([(env_parity.RULE, verdict)], rules=[env_parity.RULE], registered_packs=registered),
    )


def test_the_evidence_the_pack_writes_is_read_back(tmp_path: Path) -> None:
    write_evidence(tmp_path)
    [row] = evaluations(tmp_path)
    assert (row.rule, row.path, row.resource_type, row.result) == (
        "FinTech-EnvParity",
        QUEUE.path,
        QUEUE.type,
        "pass",
    )


def test_an_assembly_without_evidence_has_no_evaluations(tmp_path: Path) -> None:
    assert evaluations(tmp_path) == []


def test_a_passing_evaluation_of_the_pack_is_a_pass_row_of_its_verifier(tmp_path: Path) -> None:
    write_evidence(tmp_path)
    rows = nag_evidence_rows(evaluations(tmp_path), {QUEUE.path: QUEUE})
    [claim] = claim_results([MW09], dataclasses.replace(observed(), nag_evaluations=rows))
    [row] = claim.verifiers[0].evaluations
    assert claim.passed and (row.result, row.logical_id, row.path) == ("pass", "Queue1", QUEUE.path)


def test_a_failing_evaluation_of_the_pack_fails_through_its_violation_only(tmp_path: Path) -> None:
    write_evidence(tmp_path, compliant=False)
    rows = nag_evidence_rows(evaluations(tmp_path), {QUEUE.path: QUEUE})
    violation = Failure(tool="cdk-nag", rule="FinTech-EnvParity", resource=QUEUE, message="generic info")
    [claim] = claim_results([MW09], dataclasses.replace(observed(failures=[violation]), nag_evaluations=rows))
    [row] = claim.verifiers[0].evaluations
    assert not claim.passed
    assert (row.result, row.message) == ("fail", "same path and type in every environment of Webhook")


def test_a_nag_verifier_naming_a_rule_no_registered_pack_has_did_not_run() -> None:
    claim = Claim(id="MW-05", statement="s", pci_dss=("7.2.1",), verifiers=("nag:AwsSolutions-IAM55",))
    seen = dataclasses.replace(observed(), known_nag_rules=frozenset({"AwsSolutions-IAM5"}))
    results = claim_results([claim], seen)
    found, _ = findings([claim], results, seen, TODAY)
    assert not results[0].verifiers[0].ran
    assert [(f.rule, f.claims) for f in found] == [
        ("verifier-not-run", ("MW-05",)),
        ("unverified", ("MW-05",)),
    ]


def test_a_mistyped_verifier_fails_the_gate_even_when_another_verifier_of_its_claim_passed() -> None:
    claim = Claim(
        id="MW-05",
        statement="s",
        pci_dss=("7.2.1",),
        verifiers=("nag:AwsSolutions-IAM5", "nag:AwsSolutions-IAM55"),
    )
    seen = dataclasses.replace(observed(), known_nag_rules=frozenset({"AwsSolutions-IAM5"}))
    found, _ = findings([claim], claim_results([claim], seen), seen, TODAY)
    assert [(f.rule, f.message.split(" evaluated")[0]) for f in found] == [
        ("verifier-not-run", "verifier nag:AwsSolutions-IAM55")
    ]


def test_a_nag_verifier_naming_a_registered_rule_ran() -> None:
    seen = dataclasses.replace(observed(), known_nag_rules=frozenset({"AwsSolutions-L1"}))
    [claim] = claim_results([MW02], seen)
    assert claim.verifiers[1].ran


def test_the_stock_packs_rule_ids_come_from_cdk_nag_itself() -> None:
    packs = stock_rule_ids()
    assert "AwsSolutions-IAM5" in packs["AwsSolutions"]  # named by ruleSuffixOverride
    assert "Serverless-LambdaTracing" in packs["Serverless"]  # named by its rule function
    assert "AwsSolutions-IAM55" not in packs["AwsSolutions"]


def test_known_rules_are_those_of_the_packs_registered_on_the_app(tmp_path: Path) -> None:
    write_evidence(tmp_path, registered=("AwsSolutions", "FinTech"))
    known = known_rule_ids(tmp_path)
    assert {"AwsSolutions-IAM5", "FinTech-EnvParity"} <= known
    assert "Serverless-LambdaTracing" not in known


def test_without_evidence_only_cdk_nags_own_packs_are_known(tmp_path: Path) -> None:
    known = known_rule_ids(tmp_path)
    assert "Serverless-LambdaTracing" in known and "FinTech-EnvParity" not in known


def test_the_rules_of_a_pack_that_failed_with_an_error_are_not_known(tmp_path: Path) -> None:
    write_evidence(tmp_path)
    report = {
        "pluginReports": [{"pluginName": "FinTech", "metadata": {"error": "TypeError"}, "violations": []}]
    }
    (tmp_path / "validation-report.json").write_text(json.dumps(report))
    assert "FinTech-EnvParity" not in known_rule_ids(tmp_path)
