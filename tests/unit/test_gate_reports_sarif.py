"""results.sarif: SARIF 2.1.0, one run per tool, a result per open finding, suppressions for acknowledged."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tests.gate_report_example import (
    EXPIRED_PATH,
    HANDLER_POLICY_PATH,
    IAM_ACK_REASON,
    STAGE_PATH,
    WEBHOOK,
    example_result,
)
from tools.gate.reports.sarif import sarif


@pytest.fixture(scope="module")
def log() -> dict[str, Any]:
    return sarif(example_result())


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    return [result for run in log["runs"] for result in run["results"]]


def run_of(log: dict[str, Any], tool: str) -> dict[str, Any]:
    return next(run for run in log["runs"] if run["tool"]["driver"]["name"] == tool)


def test_has_the_sarif_2_1_0_top_level_structure(log: dict[str, Any]) -> None:
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert isinstance(log["runs"], list)
    for run in log["runs"]:
        assert run["tool"]["driver"]["name"]
        assert isinstance(run["results"], list)


def test_has_one_run_per_tool(log: dict[str, Any]) -> None:
    names = [run["tool"]["driver"]["name"] for run in log["runs"]]

    assert names == ["cdk-nag", "checkov", "cfn-lint", "test", "acknowledgments"]


def test_drivers_carry_the_tool_versions(log: dict[str, Any]) -> None:
    assert run_of(log, "checkov")["tool"]["driver"]["version"] == "3.3.30"
    assert run_of(log, "test")["tool"]["driver"]["version"] == "9.2.0"


def test_has_one_unsuppressed_result_per_open_finding(log: dict[str, Any]) -> None:
    open_results = [(r["ruleId"], r["level"]) for r in results(log) if "suppressions" not in r]

    assert sorted(open_results) == sorted((f.rule, f.severity) for f in example_result().findings)


def test_a_finding_names_its_claim_and_resource_and_points_at_the_template(log: dict[str, Any]) -> None:
    result = next(r for r in run_of(log, "checkov")["results"] if r["ruleId"] == "CKV_FIN_9")

    assert result["message"]["text"].startswith("WH-03: CKV_FIN_9 on Webhook-dev/ApiDeploymentStagev1: ")
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == f"cdk.out/{WEBHOOK}.template.json"
    assert location["logicalLocations"] == [
        {"fullyQualifiedName": STAGE_PATH, "kind": "resource", "name": "ApiDeploymentStagev1"}
    ]


def test_an_acknowledged_evaluation_is_a_result_suppressed_in_source_with_the_reason(
    log: dict[str, Any],
) -> None:
    suppressed = [r for r in results(log) if "suppressions" in r]

    assert [(r["ruleId"], r["properties"]["claims"]) for r in suppressed] == [
        ("AwsSolutions-IAM5", ["MW-05"])
    ]
    assert suppressed[0]["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": IAM_ACK_REASON}
    ]


def test_an_active_acknowledgment_no_evaluation_shows_is_still_a_suppressed_result() -> None:
    # GIVEN a run where no claim cites the acknowledged rule
    result = example_result()
    log = sarif(replace(result, claims=tuple(c for c in result.claims if c.id != "MW-05")))

    suppressed = [r for r in results(log) if "suppressions" in r]

    assert [r["ruleId"] for r in suppressed] == ["AwsSolutions-IAM5[Resource::*]"]
    assert suppressed[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == HANDLER_POLICY_PATH
    assert suppressed[0]["suppressions"][0]["justification"] == IAM_ACK_REASON


def test_an_expired_acknowledgment_is_an_open_result_not_a_suppression(log: dict[str, Any]) -> None:
    (result,) = run_of(log, "acknowledgments")["results"]

    assert "suppressions" not in result
    assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == EXPIRED_PATH


def test_every_result_points_at_its_rule(log: dict[str, Any]) -> None:
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        assert len({rule["id"] for rule in rules}) == len(rules)
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_rules_describe_every_verifier_with_its_claims_and_controls(log: dict[str, Any]) -> None:
    rules = {rule["id"]: rule for rule in run_of(log, "checkov")["tool"]["driver"]["rules"]}

    assert rules["CKV_FIN_9"]["shortDescription"]["text"] == "Ensure the API stage throttles at 1000/2000"
    assert rules["CKV_FIN_9"]["properties"]["tags"] == ["WH-03", "PCI-DSS-4.0:6.4.2"]
    assert {"CKV_FIN_4", "CKV_FIN_10", "CKV_FIN_50", "CKV_FIN_60"} <= set(rules)


def test_a_test_finding_points_at_the_test_file() -> None:
    result = example_result()
    finding = replace(
        result.findings[0],
        tool="test",
        rule="tests/e2e/test_pipeline.py::test_x",
        stack="",
        logical_id="",
        path="tests/e2e/test_pipeline.py::test_x",
    )

    (sarif_result,) = run_of(sarif(replace(result, findings=(finding,))), "test")["results"]

    assert (
        sarif_result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "tests/e2e/test_pipeline.py"
    )
