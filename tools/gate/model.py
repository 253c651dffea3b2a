"""The gate's result, as one typed value: what every report is rendered from.

Nothing here is computed: the gate's stages fill these records from what actually ran (cdk-nag
violations, Checkov's passed and failed checks, cfn-lint matches, test outcomes), and the report
writers only render them. `to_json()` is the `compliance.json` document (schema:
`docs/compliance.schema.json`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Result = Literal["pass", "fail", "acknowledged"]
VerifierKind = Literal["nag", "checkov", "cfn-lint", "test", "inventory"]
SCHEMA_VERSION = "1.0"


@dataclass(frozen=True, kw_only=True)
class Evaluation:
    """One verifier evaluated on one resource (or one test run, for tests)."""

    stack: str
    logical_id: str
    path: str  # construct path, or the test's node id
    resource_type: str
    result: Result
    message: str = ""
    acknowledgment: str = ""  # the reason, when result == "acknowledged"


@dataclass(frozen=True, kw_only=True)
class VerifierResult:
    kind: VerifierKind
    id: str  # rule id, check id, cfn-lint rule, test node id
    description: str
    ran: bool
    evaluations: tuple[Evaluation, ...] = ()

    @property
    def passed(self) -> bool:
        return self.ran and all(e.result != "fail" for e in self.evaluations)


@dataclass(frozen=True, kw_only=True)
class ClaimResult:
    id: str
    statement: str
    pci_dss: tuple[str, ...]
    verifiers: tuple[VerifierResult, ...]

    @property
    def passed(self) -> bool:
        """A claim passes when at least one verifier ran and none failed (GT-04)."""
        ran = [v for v in self.verifiers if v.ran]
        return bool(ran) and all(v.passed for v in ran)


@dataclass(frozen=True, kw_only=True)
class Finding:
    """An open (unacknowledged) failure, one per rule and resource."""

    tool: str  # "cdk-nag", "checkov", "cfn-lint", "registry", "acknowledgments", "test", "inventory"
    rule: str
    claims: tuple[str, ...]
    stack: str
    logical_id: str
    path: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def line(self) -> str:
        """The one line the gate prints: claim, rule, resource."""
        claims = ",".join(self.claims) or "-"
        where = f"{self.stack}/{self.logical_id}" if self.logical_id else self.stack or "-"
        return f"FAIL {claims} {self.rule} {where} ({self.path}): {self.message}"


@dataclass(frozen=True, kw_only=True)
class AcknowledgmentResult:
    finding: str
    path: str
    reason: str
    owner: str
    expires: str
    status: Literal["active", "expired", "stale"]


@dataclass(frozen=True, kw_only=True)
class PrivilegeEntry:
    """One action of a function's role (MW-05): why AWS uses it, or what is wrong with it."""

    action: str
    resource: str = ""  # logical id (or literal ARN) the grant or call names; "" for any resource
    policy: str = ""  # logical id of the granting policy, `<role>/<name>` inline, `aws-managed:<name>`
    policy_path: str = ""  # the policy's construct path (aws:cdk:path)
    note: str = ""  # implicit: why AWS uses it; unused, missing, flagged: what is wrong


@dataclass(frozen=True, kw_only=True)
class FunctionPrivileges:
    """MW-05 for one Lambda function: its role's grants held against the calls it was seen to make."""

    stack: str
    logical_id: str
    path: str
    handler: str
    role: str  # logical id of the execution role
    policies: tuple[str, ...]  # every policy attached to the role, as in `PrivilegeEntry.policy`
    observation: Literal["observed", "declared", "none"]  # e2e inventory, declared framework code, neither
    granted: tuple[str, ...]  # every action the role's policies grant
    used: tuple[str, ...]  # the actions the function's own calls need
    implicit: tuple[PrivilegeEntry, ...]  # granted, used by AWS on the function's behalf
    unused: tuple[PrivilegeEntry, ...]  # granted, neither used nor implicit
    missing: tuple[PrivilegeEntry, ...]  # needed, not granted
    flagged: tuple[PrivilegeEntry, ...]  # cannot be compared: wildcard actions, unknown managed policies

    @property
    def passed(self) -> bool:
        return self.observation != "none" and not (self.unused or self.missing or self.flagged)


@dataclass(kw_only=True)
class GateResult:
    commit: str
    started_at: str
    duration_seconds: float
    tool_versions: dict[str, str]
    stacks: tuple[str, ...]
    claims: tuple[ClaimResult, ...]
    findings: tuple[Finding, ...]
    acknowledgments: tuple[AcknowledgmentResult, ...]
    template_hashes: dict[str, str]
    stage_seconds: dict[str, float] = field(default_factory=dict)
    least_privilege: tuple[FunctionPrivileges, ...] = ()  # MW-05, one per Lambda function

    @property
    def passed(self) -> bool:
        """No open finding and every claim passed; a run that evaluated no claim never passes."""
        return bool(self.claims) and not self.findings and all(c.passed for c in self.claims)

    def to_json(self) -> dict[str, Any]:
        document = asdict(self)
        document["schema_version"] = SCHEMA_VERSION
        document["verdict"] = "pass" if self.passed else "fail"
        for claim, raw in zip(self.claims, document["claims"], strict=True):
            raw["result"] = "pass" if claim.passed else "fail"
        return document
