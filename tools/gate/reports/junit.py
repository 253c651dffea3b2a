"""`junit.xml`: the gate as JUnit XML, for CI test dashboards.

One testsuite per claim with one testcase per verifier (classname = claim id, name =
`kind:id`): `<failure>` listing the failing evaluations when it failed, `<skipped>` when it did
not run. A claim that fails although none of its verifiers failed (none ran, or it has none)
gets one more failing testcase, `claim:verified`, so the suites fail exactly when the claims
do. A last testsuite, `findings`, has one failing testcase per open finding.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tools.gate.model import ClaimResult, Finding, GateResult, VerifierResult


def junit(result: GateResult) -> ET.Element:
    root = ET.Element("testsuites", name="compliance-gate", time=f"{result.duration_seconds:.3f}")
    for claim in result.claims:
        root.append(_claim_suite(claim, result.started_at))
    root.append(_findings_suite(result.findings, result.started_at))
    for attribute in ("tests", "failures", "skipped"):
        root.set(attribute, str(sum(int(suite.get(attribute, "0")) for suite in root)))
    root.set("errors", "0")
    ET.indent(root)
    return root


def _suite(name: str, started_at: str) -> ET.Element:
    return ET.Element("testsuite", name=name, timestamp=started_at, errors="0")


def _claim_suite(claim: ClaimResult, started_at: str) -> ET.Element:
    suite = _suite(claim.id, started_at)
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="statement", value=claim.statement)
    ET.SubElement(properties, "property", name="pci_dss_v4", value=", ".join(claim.pci_dss))
    for verifier in claim.verifiers:
        suite.append(_verifier_case(claim.id, verifier))
    if not claim.passed and all(v.passed or not v.ran for v in claim.verifiers):
        case = ET.SubElement(suite, "testcase", classname=claim.id, name="claim:verified")
        reason = "no verifier is registered" if not claim.verifiers else "none of its verifiers ran"
        ET.SubElement(case, "failure", message=f"{claim.id} is unverified: {reason}", type="unverified")
    _count(suite)
    return suite


def _verifier_case(claim_id: str, verifier: VerifierResult) -> ET.Element:
    case = ET.Element("testcase", classname=claim_id, name=f"{verifier.kind}:{verifier.id}")
    if not verifier.ran:
        ET.SubElement(case, "skipped", message="did not run in this gate run")
    elif not verifier.passed:
        lines = [
            Finding(
                tool=verifier.kind,
                rule=verifier.id,
                claims=(claim_id,),
                stack=e.stack,
                logical_id=e.logical_id,
                path=e.path,
                message=e.message,
            ).line()
            for e in verifier.evaluations
            if e.result == "fail"
        ]
        noun = "evaluation" if len(lines) == 1 else "evaluations"
        failure = ET.SubElement(case, "failure", message=f"{len(lines)} failing {noun}", type=verifier.kind)
        failure.text = "\n".join(lines)
    return case


def _findings_suite(findings: tuple[Finding, ...], started_at: str) -> ET.Element:
    suite = _suite("findings", started_at)
    for finding in findings:
        where = (
            f"{finding.stack}/{finding.logical_id}" if finding.logical_id else finding.path or finding.stack
        )
        case = ET.SubElement(
            suite, "testcase", classname=f"findings.{finding.tool}", name=f"{finding.rule} {where}"
        )
        failure = ET.SubElement(case, "failure", message=finding.line(), type=finding.severity)
        failure.text = finding.line()
    _count(suite)
    return suite


def _count(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
