"""junit.xml: a testsuite per claim, a testcase per verifier, and one failing testcase per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from tests.gate_report_example import STAGE_PATH, example_result
from tools.gate.model import ClaimResult, VerifierResult
from tools.gate.reports.junit import junit


@pytest.fixture(scope="module")
def root() -> ET.Element:
    # Round trip through bytes: what a CI dashboard parses.
    document = ET.tostring(junit(example_result()), encoding="utf-8")
    return ET.fromstring(document)  # noqa: S314 - the writer's own output, not untrusted input


def suite(root: ET.Element, name: str) -> ET.Element:
    return next(s for s in root.findall("testsuite") if s.get("name") == name)


def test_has_one_suite_per_claim_then_findings(root: ET.Element) -> None:
    assert [s.get("name") for s in root.findall("testsuite")] == [
        "MW-02",
        "MW-05",
        "WH-03",
        "WH-13",
        "TX-05",
        "findings",
    ]


def test_has_one_testcase_per_verifier_named_by_kind_and_id(root: ET.Element) -> None:
    cases = [(c.get("classname"), c.get("name")) for c in suite(root, "WH-03").findall("testcase")]

    assert cases == [("WH-03", "checkov:CKV_FIN_9"), ("WH-03", "checkov:CKV_FIN_10")]


def test_totals_count_the_failures_and_skips(root: ET.Element) -> None:
    # 11 verifiers + 3 open findings; 1 failing verifier (WH-03) + the 3 findings; 1 did not run (WH-13)
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("14", "4", "1")


def test_a_failing_verifier_lists_its_failing_evaluations(root: ET.Element) -> None:
    failure = suite(root, "WH-03").find("testcase[@name='checkov:CKV_FIN_9']/failure")

    assert failure is not None
    assert failure.get("message") == "1 failing evaluation"
    assert failure.text is not None
    assert failure.text.startswith(f"FAIL WH-03 CKV_FIN_9 Webhook-dev/ApiDeploymentStagev1 ({STAGE_PATH}): ")


def test_a_verifier_that_did_not_run_is_skipped(root: ET.Element) -> None:
    wh13 = suite(root, "WH-13")

    assert [c.get("name", "").split("::")[-1] for c in wh13.findall("testcase[skipped]")] == [
        "test_redelivered_queue_message_is_stored_once"
    ]
    assert (wh13.get("failures"), wh13.get("skipped")) == ("0", "1")


def test_an_acknowledged_evaluation_does_not_fail_its_testcase(root: ET.Element) -> None:
    assert suite(root, "MW-05").get("failures") == "0"


def test_each_open_finding_is_a_failing_testcase_with_its_line(root: ET.Element) -> None:
    cases = suite(root, "findings").findall("testcase")

    assert [c.findtext("failure") for c in cases] == [f.line() for f in example_result().findings]


def test_claims_carry_statement_and_controls_as_properties(root: ET.Element) -> None:
    properties = {p.get("name"): p.get("value", "") for p in suite(root, "TX-05").iter("property")}

    assert properties["pci_dss_v4"] == "1.4.1, 3.5.1, 4.2.1"
    assert properties["statement"].startswith("Assets bucket: versioned")


def test_a_claim_whose_verifiers_all_did_not_run_fails_as_unverified() -> None:
    # GIVEN a claim whose only verifier did not run
    verifier = VerifierResult(kind="test", id="tests/e2e/test_x.py::test_y", description="y", ran=False)
    claim = ClaimResult(id="WH-09", statement="s", pci_dss=(), verifiers=(verifier,))

    root = junit(replace(example_result(), claims=(claim,), findings=()))

    failure = root.find("testsuite[@name='WH-09']/testcase[@name='claim:verified']/failure")
    assert failure is not None
    assert failure.get("message") == "WH-09 is unverified: none of its verifiers ran"
