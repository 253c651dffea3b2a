"""`results.sarif`: SARIF 2.1.0, one run per tool, for code-scanning dashboards.

Every open finding is a result (level `error` or `warning`) whose message names the claim(s) and
the resource, located in the stack's template (`cdk.out/<stack>.template.json`) and, logically, at
the construct path. Every acknowledged evaluation, and every active acknowledgment no evaluation
shows, is a result with an `inSource` suppression carrying the reason. Rules are every verifier
of the tool in the registry plus any rule a finding names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tools.gate.model import GateResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
KIND_TOOL = {
    "nag": "cdk-nag",
    "checkov": "checkov",
    "cfn-lint": "cfn-lint",
    "test": "test",
    "inventory": "inventory",
}
TOOL_ORDER = ("cdk-nag", "checkov", "cfn-lint", "test", "inventory", "registry", "acknowledgments")
VERSION_KEYS = {"test": "pytest"}


@dataclass(frozen=True, kw_only=True)
class _Result:
    tool: str
    rule: str
    claims: tuple[str, ...]
    stack: str
    logical_id: str
    path: str
    message: str
    level: str
    justification: str | None = None


def sarif(result: GateResult, *, assembly_dir: str = "cdk.out") -> dict[str, Any]:
    results = [*_open(result), *_acknowledged(result)]
    rules = _rules(result, results)
    tools = sorted({r.tool for r in results} | set(rules), key=_tool_rank)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            _run(tool, result, rules.get(tool, {}), [r for r in results if r.tool == tool], assembly_dir)
            for tool in tools
        ],
    }


def _tool_rank(tool: str) -> tuple[int, str]:
    return (TOOL_ORDER.index(tool) if tool in TOOL_ORDER else len(TOOL_ORDER), tool)


def _open(result: GateResult) -> Iterable[_Result]:
    for f in result.findings:
        yield _Result(
            tool=f.tool,
            rule=f.rule,
            claims=f.claims,
            stack=f.stack,
            logical_id=f.logical_id,
            path=f.path,
            message=f.message,
            level=f.severity,
        )


def _acknowledged(result: GateResult) -> list[_Result]:
    """One suppressed result per acknowledged (rule, resource), whichever claims cite the rule."""
    seen: dict[tuple[str, str, str, str, str], _Result] = {}
    for claim in result.claims:
        for verifier in claim.verifiers:
            for e in verifier.evaluations:
                if e.result != "acknowledged":
                    continue
                key = (KIND_TOOL[verifier.kind], verifier.id, e.stack, e.logical_id, e.path)
                earlier = seen.get(key)
                claims = (*earlier.claims, claim.id) if earlier else (claim.id,)
                seen[key] = _Result(
                    tool=key[0],
                    rule=verifier.id,
                    claims=claims,
                    stack=e.stack,
                    logical_id=e.logical_id,
                    path=e.path,
                    message=e.message or verifier.description,
                    level="error",
                    justification=e.acknowledgment,
                )
    shown = list(seen.values())
    for ack in result.acknowledgments:
        covered = any(r.justification == ack.reason and _under(r.path, ack.path) for r in shown)
        if ack.status == "active" and not covered:
            message = f"acknowledged on {ack.path} (owner {ack.owner}, expires {ack.expires})"
            shown.append(
                _Result(
                    tool="cdk-nag",
                    rule=ack.finding,
                    claims=(),
                    stack=_stack_of(ack.path),
                    logical_id="",
                    path=ack.path,
                    message=message,
                    level="error",
                    justification=ack.reason,
                )
            )
    return shown


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def _stack_of(path: str) -> str:
    return path.split("/", 1)[0]


def _rules(result: GateResult, results: list[_Result]) -> dict[str, dict[str, dict[str, Any]]]:
    rules: dict[str, dict[str, dict[str, Any]]] = {}
    for claim in result.claims:
        for verifier in claim.verifiers:
            rule = rules.setdefault(KIND_TOOL[verifier.kind], {}).setdefault(
                verifier.id, _rule(verifier.id, verifier.description)
            )
            tags = rule["properties"]["tags"]
            tags.extend(t for t in (claim.id, *(f"PCI-DSS-4.0:{c}" for c in claim.pci_dss)) if t not in tags)
    for r in results:
        rules.setdefault(r.tool, {}).setdefault(r.rule, _rule(r.rule, r.message))
    return rules


def _rule(rule_id: str, description: str) -> dict[str, Any]:
    return {
        "id": rule_id,
        "shortDescription": {"text": description or rule_id},
        "properties": {"tags": []},
    }


def _run(
    tool: str, result: GateResult, rules: dict[str, dict[str, Any]], results: list[_Result], assembly_dir: str
) -> dict[str, Any]:
    ordered = list(rules.values())
    index = {rule["id"]: n for n, rule in enumerate(ordered)}
    driver: dict[str, Any] = {"name": tool, "rules": ordered}
    version = result.tool_versions.get(VERSION_KEYS.get(tool, tool))
    if version:
        driver["version"] = version
    return {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"compliance-gate/{tool}/{result.commit}"},
        "results": [_result(r, index[r.rule], result.stacks, assembly_dir) for r in results],
    }


def _result(r: _Result, rule_index: int, stacks: tuple[str, ...], assembly_dir: str) -> dict[str, Any]:
    claims = ", ".join(r.claims) or "no claim"
    resource = f"{r.stack}/{r.logical_id}" if r.logical_id else r.path or r.stack or "the app"
    sarif_result: dict[str, Any] = {
        "ruleId": r.rule,
        "ruleIndex": rule_index,
        "level": r.level,
        "message": {"text": f"{claims}: {r.rule} on {resource}: {r.message}"},
        "properties": {"claims": list(r.claims), "stack": r.stack, "logicalId": r.logical_id},
    }
    location = _location(r, stacks, assembly_dir)
    if location:
        sarif_result["locations"] = [location]
    if r.justification is not None:
        sarif_result["suppressions"] = [
            {"kind": "inSource", "status": "accepted", "justification": r.justification}
        ]
    return sarif_result


def _location(r: _Result, stacks: tuple[str, ...], assembly_dir: str) -> dict[str, Any]:
    location: dict[str, Any] = {}
    if r.tool == "test" and "::" in r.path:
        location["physicalLocation"] = {"artifactLocation": {"uri": r.path.split("::", 1)[0]}}
    elif r.stack in stacks:
        uri = f"{assembly_dir}/{r.stack}.template.json"
        location["physicalLocation"] = {"artifactLocation": {"uri": uri}}
    if r.path:
        logical: dict[str, Any] = {"fullyQualifiedName": r.path, "kind": "resource"}
        if r.logical_id:
            logical["name"] = r.logical_id
        location["logicalLocations"] = [logical]
    return location
