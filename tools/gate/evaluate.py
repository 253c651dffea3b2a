"""From what the tools reported to the gate's result: evaluations per claim and verifier, findings.

Pure functions over plain data (cdk-nag violations, Checkov result rows, cfn-lint matches, test
cases), so each rule of the verdict is unit-tested on small inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from tools.gate.acknowledgments import covering, expired
from tools.gate.model import AcknowledgmentResult, ClaimResult, Evaluation, Finding, Result, VerifierResult

AckStatus = Literal["active", "expired", "stale"]


@dataclass(frozen=True, kw_only=True)
class Resource:
    stack: str
    logical_id: str
    path: str
    type: str


@dataclass(frozen=True, kw_only=True)
class Failure:
    """One rule failing on one resource, before acknowledgments: what every tool reduces to."""

    tool: str  # "cdk-nag", "checkov", "cfn-lint"
    rule: str
    resource: Resource
    message: str
    severity: str = "error"


def resource_index(templates: Mapping[str, Mapping[str, Any]]) -> dict[tuple[str, str], Resource]:
    """(stack, logical id) -> resource, with its construct path from `aws:cdk:path`."""
    index = {}
    for stack, template in templates.items():
        for logical_id, resource in template.get("Resources", {}).items():
            path = resource.get("Metadata", {}).get("aws:cdk:path", "")
            index[stack, logical_id] = Resource(
                stack=stack, logical_id=logical_id, path=path, type=resource.get("Type", "")
            )
    return index


def by_path(index: Mapping[tuple[str, str], Resource]) -> dict[str, Resource]:
    return {r.path: r for r in index.values() if r.path}


def nag_failures(violations: Iterable[Mapping[str, Any]], paths: Mapping[str, Resource]) -> list[Failure]:
    """One failure per cdk-nag violation and violating construct (errors and warnings alike)."""
    failures = []
    for violation in violations:
        for construct in violation["violatingConstructs"]:
            path = construct["constructPath"]
            resource = paths.get(path) or Resource(
                stack=path.split("/", 1)[0], logical_id="", path=path, type=construct.get("constructFqn", "")
            )
            failures.append(
                Failure(
                    tool="cdk-nag",
                    rule=violation["ruleName"],
                    resource=resource,
                    message=violation["description"],
                    severity="warning" if violation.get("severity") == "warning" else "error",
                )
            )
    return failures


def nag_evidence_rows(
    evaluations: Iterable[Any], paths: Mapping[str, Resource]
) -> list[tuple[str, str, Resource, str]]:
    """(rule, pass/fail, resource, message) of every evaluation the project's cdk-nag pack recorded
    (`tools.gate.nag_evidence.evaluations`), tied to the template resource at its construct path."""
    return [
        (
            e.rule,
            e.result,
            paths.get(e.path)
            or Resource(stack=e.path.split("/", 1)[0], logical_id="", path=e.path, type=e.resource_type),
            e.message,
        )
        for e in evaluations
    ]


def checkov_rows(
    results: Iterable[Mapping[str, Any]], index: Mapping[tuple[str, str], Resource]
) -> list[tuple[str, str, Resource]]:
    """(check id, PASSED/FAILED, resource) of every Checkov result."""
    rows = []
    for result in results:
        stack = Path(result["template"]).name.removesuffix(".template.json")
        resource = index.get((stack, result["logical_id"])) or Resource(
            stack=stack, logical_id=result["logical_id"], path="", type=result.get("resource_type", "")
        )
        rows.append((result["check_id"], result["result"], resource))
    return rows


def checkov_failures(rows: Iterable[tuple[str, str, Resource]]) -> list[Failure]:
    """Every FAILED row, and every SKIPPED one: in record mode nothing may skip a check but
    an acknowledgment, which the gate applies itself."""
    messages = {"FAILED": "Checkov check failed", "SKIPPED": "Checkov check skipped in the template"}
    return [
        Failure(tool="checkov", rule=check, resource=resource, message=messages[result])
        for check, result, resource in rows
        if result in messages
    ]


def cfn_lint_failures(
    matches: Iterable[Mapping[str, Any]], index: Mapping[tuple[str, str], Resource]
) -> list[Failure]:
    """One failure per cfn-lint match (`--format json`), tied to its resource when it names one."""
    failures = []
    for match in matches:
        stack = Path(match["Filename"]).name.removesuffix(".template.json")
        path = match.get("Location", {}).get("Path") or []
        logical_id = str(path[1]) if len(path) > 1 and path[0] == "Resources" else ""
        resource = index.get((stack, logical_id)) or Resource(
            stack=stack, logical_id=logical_id, path="", type=""
        )
        failures.append(
            Failure(
                tool="cfn-lint",
                rule=match["Rule"]["Id"],
                resource=resource,
                message=match["Message"],
                severity="warning" if match.get("Level") != "Error" else "error",
            )
        )
    return failures


def rule_matches(verifier_id: str, rule: str) -> bool:
    """`AwsSolutions-IAM5` names every `AwsSolutions-IAM5[...]` finding too."""
    return rule == verifier_id or rule.startswith(verifier_id + "[")


def evaluation(resource: Resource, result: str, message: str = "", reason: str = "") -> Evaluation:
    return Evaluation(
        stack=resource.stack,
        logical_id=resource.logical_id,
        path=resource.path,
        resource_type=resource.type,
        result=cast(Result, result),
        message=message,
        acknowledgment=reason,
    )


@dataclass(frozen=True, kw_only=True)
class Observations:
    """Everything that ran, reduced: the input of `claim_results` and `findings`."""

    failures: Sequence[Failure]  # cdk-nag, Checkov FAILED rows, cfn-lint
    checkov: Sequence[tuple[str, str, Resource]]  # every Checkov row
    checkov_catalogue: Mapping[str, str]  # check id -> name, custom checks
    tests: Mapping[str, Sequence[tuple[str, str, str]]] | None  # file -> (node id, result, message)
    records: Sequence[Any]  # acknowledgments
    tools_ran: frozenset[str]
    # the project's cdk-nag pack: (rule, pass/fail, resource, message) of every evaluation it made
    nag_evaluations: Sequence[tuple[str, str, Resource, str]] = ()
    # rule ids of the registered cdk-nag packs (tools.gate.nag_evidence); None: not checked
    known_nag_rules: frozenset[str] | None = None
    # MW-05 by use (tools.gate.least_privilege.compare); None: the comparison did not run
    least_privilege: Sequence[Any] | None = None


def verifier_result(kind_id: str, observed: Observations) -> VerifierResult:
    kind, _, rule = kind_id.partition(":")
    if kind == "inventory":
        return inventory_verifier_result(rule, observed.least_privilege)
    if kind == "checkov":
        rows = [(result, res) for check, result, res in observed.checkov if check == rule]
        evaluations = tuple(_acknowledged(observed.records, rule, res, result) for result, res in rows)
        return VerifierResult(
            kind="checkov",
            id=rule,
            description=observed.checkov_catalogue.get(rule, "Checkov check"),
            # a project check may apply to nothing in this app (it is in the catalogue); any other id
            # with no result row is one Checkov does not know or that found nothing to evaluate
            ran="checkov" in observed.tools_ran and (bool(rows) or rule in observed.checkov_catalogue),
            evaluations=evaluations,
        )
    if kind in ("nag", "cfn-lint"):
        tool = "cdk-nag" if kind == "nag" else "cfn-lint"
        recorded = {
            (name, res.path): message for name, _, res, message in observed.nag_evaluations if kind == "nag"
        }
        evaluations = tuple(
            _acknowledged(
                observed.records,
                f.rule,
                f.resource,
                "FAILED",
                recorded.get((f.rule, f.resource.path), f.message),
            )
            for f in observed.failures
            if f.tool == tool and rule_matches(rule, f.rule)
        )
        # Failures come from the validation report, which knows acknowledgments; the pack's own
        # record adds what passed.
        passed = tuple(
            evaluation(res, "pass", message)
            for name, result, res, message in observed.nag_evaluations
            if kind == "nag" and result == "pass" and rule_matches(rule, name)
        )
        known = (
            kind != "nag"
            or observed.known_nag_rules is None
            or rule.split("[")[0] in observed.known_nag_rules
        )
        return VerifierResult(
            kind=kind,  # type: ignore[arg-type]
            id=rule,
            description=f"{tool} rule {rule}" + ("" if known else " (no registered pack has this rule)"),
            ran=tool in observed.tools_ran and known,
            evaluations=evaluations + passed,
        )
    cases = _test_cases(rule, observed.tests)
    return VerifierResult(
        kind="test",
        id=rule,
        description=f"pytest {rule}",
        ran=bool(cases),
        evaluations=tuple(
            Evaluation(
                stack="",
                logical_id="",
                path=node,
                resource_type="test",
                result=cast(Result, result),
                message=message,
            )
            for node, result, message in cases
        ),
    )


def _acknowledged(
    records: Sequence[Any], rule: str, resource: Resource, result: str, message: str = ""
) -> Evaluation:
    if result == "PASSED":
        return evaluation(resource, "pass")
    record = covering(records, rule, resource.path) if resource.path else None
    if record is not None:
        return evaluation(resource, "acknowledged", message, record.reason)
    return evaluation(resource, "fail", message)


def _test_cases(
    rule: str, tests: Mapping[str, Sequence[tuple[str, str, str]]] | None
) -> list[tuple[str, str, str]]:
    if tests is None:
        return []
    file, _, node = rule.partition("::")
    return [
        case for case in tests.get(file, ()) if not node or case[0] == rule or case[0].startswith(rule + "[")
    ]


def claim_results(registry: Sequence[Any], observed: Observations) -> tuple[ClaimResult, ...]:
    return tuple(
        ClaimResult(
            id=claim.id,
            statement=claim.statement,
            pci_dss=claim.pci_dss,
            verifiers=tuple(verifier_result(v, observed) for v in claim.verifiers),
        )
        for claim in registry
    )


def claims_citing(registry: Sequence[Any], tool: str, rule: str) -> tuple[str, ...]:
    kind = {"cdk-nag": "nag"}.get(tool, tool)
    return tuple(
        claim.id
        for claim in registry
        if any(
            v.partition(":")[0] == kind and rule_matches(v.partition(":")[2], rule) for v in claim.verifiers
        )
    )


def findings(
    registry: Sequence[Any], claims: Sequence[ClaimResult], observed: Observations, today: dt.date
) -> tuple[list[Finding], list[AcknowledgmentResult]]:
    """Every open failure, failing test, unverified claim and expired or stale acknowledgment."""
    found = []
    used: set[int] = set()
    for failure in observed.failures:
        record = (
            covering(observed.records, failure.rule, failure.resource.path) if failure.resource.path else None
        )
        if record is not None:
            used.add(id(record))
            continue
        found.append(
            Finding(
                tool=failure.tool,
                rule=failure.rule,
                claims=claims_citing(registry, failure.tool, failure.rule),
                stack=failure.resource.stack,
                logical_id=failure.resource.logical_id,
                path=failure.resource.path,
                message=failure.message,
            )
        )
    for claim in claims:
        for verifier in claim.verifiers:
            if verifier.kind == "test":
                found += [
                    _about(claim, "test", verifier.id, e.message or "test failed", path=e.path)
                    for e in verifier.evaluations
                    if e.result == "fail"
                ]
            if not verifier.ran and _should_have_run(verifier, observed):
                found.append(
                    _about(
                        claim,
                        "registry",
                        "verifier-not-run",
                        f"verifier {verifier.kind}:{verifier.id} evaluated nothing "
                        "(an id the tool does not know, or nothing in the app it applies to)",
                    )
                )
        if not any(v.ran for v in claim.verifiers):
            found.append(_about(claim, "registry", "unverified", "no verifier of this claim ran"))
    acknowledgments = []
    for record in observed.records:
        status: AckStatus = (
            "expired" if expired(record, today) else "active" if id(record) in used else "stale"
        )
        tool_ran = ("checkov" if record.tool == "checkov" else "cdk-nag") in observed.tools_ran
        if status == "stale" and not tool_ran:
            status = "active"
        acknowledgments.append(
            AcknowledgmentResult(
                finding=record.finding,
                path=record.path,
                reason=record.reason,
                owner=record.owner,
                expires=record.expires.isoformat(),
                status=status,
            )
        )
        if status != "active":
            found.append(
                Finding(
                    tool="acknowledgments",
                    rule=record.finding,
                    claims=(),
                    stack=record.path.split("/", 1)[0],
                    logical_id="",
                    path=record.path,
                    message=f"acknowledgment {status}"
                    + (f" on {record.expires}" if status == "expired" else " (covers no finding)"),
                )
            )
    return _unique(found), acknowledgments


def _about(claim: ClaimResult, tool: str, rule: str, message: str, *, path: str = "") -> Finding:
    """A finding about a claim as a whole (its tests, its verifiers), not about one resource."""
    return Finding(
        tool=tool, rule=rule, claims=(claim.id,), stack="", logical_id="", path=path, message=message
    )


def _should_have_run(verifier: VerifierResult, observed: Observations) -> bool:
    """Whether a verifier that did not run is the registry's fault: its tool ran (for a test, its
    file ran) and still nothing matched its id."""
    if verifier.kind == "test":
        return observed.tests is not None and verifier.id.split("::")[0] in observed.tests
    if verifier.kind == "inventory":
        return observed.least_privilege is not None
    return {"nag": "cdk-nag"}.get(verifier.kind, verifier.kind) in observed.tools_ran


def _unique(found: list[Finding]) -> list[Finding]:
    seen, result = set(), []
    for finding in found:
        if finding not in seen:
            seen.add(finding)
            result.append(finding)
    return result


def inventory_verifier_result(rule: str, privileges: Sequence[Any] | None) -> VerifierResult:
    """An `inventory:<rule>` verifier: MW-05's least-privilege comparison of each Lambda role with
    the calls its function was seen to make (`privileges`, from tools/gate/least_privilege.compare;
    None when the comparison did not run)."""
    from tools.gate import least_privilege_verdict

    if rule != least_privilege_verdict.VERIFIER_ID:
        return VerifierResult(
            kind="inventory", id=rule, description=f"unknown inventory verifier {rule}", ran=False
        )
    return least_privilege_verdict.verifier_result(privileges)
