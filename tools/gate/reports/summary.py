"""Pass / fail / acknowledged counts per stack and tool: the numbers behind the summary chart.

A "tool" is a cdk-nag pack (named by its rule prefix: `AwsSolutions`, `PCI.DSS.321`, ...), Checkov,
cfn-lint, the tests, or the gate's own checks. Each (tool, rule, stack, resource) counts once, even
when several claims share the verifier. An open finding that no failing evaluation already shows
(a stock cdk-nag rule no claim cites, an expired acknowledgment, a cfn-lint warning) counts as one
more failure, so the chart never looks greener than the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tools.gate.model import Finding, GateResult, Result, VerifierKind

APP_WIDE = "app-wide"  # the row for evaluations and findings that belong to no stack (tests, registry)
NAG_PACK_ORDER = ("AwsSolutions", "PCI.DSS.321", "NIST.800.53.R5", "HIPAA.Security", "Serverless")
TOOL_ORDER = ("Checkov", "cfn-lint", "tests", "inventory", "registry", "acknowledgments")
_TOOL_NAMES: dict[str, str] = {"checkov": "Checkov", "cfn-lint": "cfn-lint", "test": "tests"}
_SEVERITY: dict[Result, int] = {"pass": 0, "acknowledged": 1, "fail": 2}


def nag_pack(rule: str) -> str:
    """The cdk-nag pack a rule id belongs to: `AwsSolutions-IAM5[Resource::*]` -> `AwsSolutions`."""
    return rule.split("-", 1)[0]


def tool_of_verifier(kind: VerifierKind, rule: str) -> str:
    return nag_pack(rule) if kind == "nag" else _TOOL_NAMES.get(kind, kind)


def tool_of_finding(finding: Finding) -> str:
    if finding.tool == "cdk-nag":
        return nag_pack(finding.rule)
    return _TOOL_NAMES.get(finding.tool, finding.tool)


@dataclass
class Counts:
    passed: int = 0
    acknowledged: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.passed + self.acknowledged + self.failed

    def add(self, result: Result) -> None:
        if result == "pass":
            self.passed += 1
        elif result == "acknowledged":
            self.acknowledged += 1
        else:
            self.failed += 1


@dataclass
class Summary:
    stacks: tuple[str, ...]
    tools: tuple[str, ...]
    cells: dict[tuple[str, str], Counts] = field(default_factory=dict)

    def cell(self, stack: str, tool: str) -> Counts:
        return self.cells.get((stack, tool), Counts())

    def stack_total(self, stack: str) -> Counts:
        return _sum(self.cell(stack, tool) for tool in self.tools)

    def tool_total(self, tool: str) -> Counts:
        return _sum(self.cell(stack, tool) for stack in self.stacks)

    def grand_total(self) -> Counts:
        return _sum(self.cells.values())


def summarize(result: GateResult) -> Summary:
    worst: dict[tuple[str, str, str, str, str], Result] = {}
    for claim in result.claims:
        for verifier in claim.verifiers:
            tool = tool_of_verifier(verifier.kind, verifier.id)
            for evaluation in verifier.evaluations:
                key = (tool, verifier.id, _row(evaluation.stack), evaluation.logical_id, evaluation.path)
                if _SEVERITY[evaluation.result] >= _SEVERITY[worst.get(key, "pass")]:
                    worst[key] = evaluation.result
    failing = [key for key, value in worst.items() if value == "fail"]
    for finding in result.findings:
        tool = tool_of_finding(finding)
        if not any(_shows(key, tool, finding) for key in failing):
            worst[(tool, finding.rule, _row(finding.stack), finding.logical_id, finding.path)] = "fail"
    cells: dict[tuple[str, str], Counts] = {}
    for (tool, _rule, stack, _logical_id, _path), value in worst.items():
        cells.setdefault((stack, tool), Counts()).add(value)
    used_stacks = {stack for stack, _ in cells}
    stacks = [s for s in result.stacks if s in used_stacks]
    stacks += sorted(used_stacks - set(stacks) - {APP_WIDE}) + ([APP_WIDE] if APP_WIDE in used_stacks else [])
    return Summary(stacks=tuple(stacks), tools=_ordered_tools({tool for _, tool in cells}), cells=cells)


def _row(stack: str) -> str:
    return stack or APP_WIDE


def _shows(key: tuple[str, str, str, str, str], tool: str, finding: Finding) -> bool:
    """Whether the failing evaluation `key` is the same failure as `finding`."""
    key_tool, rule, *resource = key
    same_rule = finding.rule == rule or finding.rule.startswith(rule + "[")  # ...IAM5[Resource::*]
    same_resource = resource == [_row(finding.stack), finding.logical_id, finding.path]
    return key_tool == tool and same_rule and same_resource


def _ordered_tools(tools: set[str]) -> tuple[str, ...]:
    known_nag = [t for t in NAG_PACK_ORDER if t in tools]
    known_other = [t for t in TOOL_ORDER if t in tools]
    rest = sorted(tools - set(known_nag) - set(known_other))
    return (*known_nag, *rest, *known_other)


def _sum(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for c in counts:
        total.passed += c.passed
        total.acknowledged += c.acknowledged
        total.failed += c.failed
    return total
