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

    tool: str  # "cdk-nag", "checkov", "cfn-lint", "registry", "acknowledgments", "test"
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
