"""MW-05 in the gate's result: the least-privilege comparison as verifier evaluations and findings.

`inventory:observed-calls` (registry) is evaluated by `verifier_result`: one evaluation per Lambda
function, pass when its role grants exactly what it uses plus what AWS uses on its behalf,
acknowledged for a CDK framework function whose calls are declared, not observed (with the
declaration's reason), fail otherwise. `findings` gives one open finding per gap, located on the
policy that grants too much (or the function that lacks a grant) and naming MW-05.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from tools.gate.inventory import UPDATE_COMMAND
from tools.gate.least_privilege import FUNCTION_TYPE, framework_function
from tools.gate.model import Evaluation, Finding, FunctionPrivileges, PrivilegeEntry, Result, VerifierResult

CLAIM: Final = "MW-05"
VERIFIER_ID: Final = "observed-calls"
DESCRIPTION: Final = (
    "Each Lambda role grants what its function was seen to call in the e2e tests "
    "(policies/observed_calls.json) plus what AWS uses on its behalf (policies/implicit_actions.py)"
)


def verifier_result(results: Sequence[FunctionPrivileges] | None) -> VerifierResult:
    """`inventory:observed-calls`: one evaluation per function; not run without a comparison."""
    return VerifierResult(
        kind="inventory",
        id=VERIFIER_ID,
        description=DESCRIPTION,
        ran=results is not None,
        evaluations=tuple(evaluation(result) for result in results or ()),
    )


def evaluation(result: FunctionPrivileges) -> Evaluation:
    """The function's row under MW-05 in the matrix."""
    outcome: Result = "pass" if result.passed else "fail"
    framework = framework_function(result.path, result.handler)
    if outcome == "pass" and framework is not None:
        outcome = "acknowledged"
    return Evaluation(
        stack=result.stack,
        logical_id=result.logical_id,
        path=result.path,
        resource_type=FUNCTION_TYPE,
        result=outcome,
        message=summary(result),
        acknowledgment=framework.reason if outcome == "acknowledged" and framework else "",
    )


def findings(results: Iterable[FunctionPrivileges]) -> list[Finding]:
    """One open finding per function never observed and per unused, missing or flagged grant."""
    found = []
    for result in results:
        if result.observation == "none":
            found.append(
                _finding(
                    result,
                    result.logical_id,
                    result.path,
                    f"{result.handler} has no entry in policies/observed_calls.json, so its role is not "
                    f"shown to be least privilege: exercise it in tests/e2e and run `{UPDATE_COMMAND}`",
                )
            )
        for kind, entries in (("unused", result.unused), ("flagged", result.flagged)):
            for entry in entries:
                in_template = entry.policy in result.policies and "/" not in entry.policy
                found.append(
                    _finding(
                        result,
                        entry.policy if in_template else result.role or result.logical_id,
                        entry.policy_path or result.path,
                        f"{result.handler}: {kind} {describe(entry, policy=not in_template)}",
                    )
                )
        for entry in result.missing:
            found.append(
                _finding(
                    result,
                    result.logical_id,
                    result.path,
                    f"{result.handler}: missing {describe(entry)} (role {result.role or '-'}, policies "
                    f"{', '.join(result.policies) or 'none'})",
                )
            )
    return found


def _finding(result: FunctionPrivileges, logical_id: str, path: str, message: str) -> Finding:
    return Finding(
        tool="inventory",
        rule=VERIFIER_ID,
        claims=(CLAIM,),
        stack=result.stack,
        logical_id=logical_id,
        path=path,
        message=message,
    )


def summary(result: FunctionPrivileges) -> str:
    """One line: the counts, or everything that is wrong."""
    counts = (
        f"{len(result.used)} used and {len({e.action for e in result.implicit})} implicit of "
        f"{len(result.granted)} granted actions ({result.observation})"
    )
    problems = [f"unused {describe(e)}" for e in result.unused]
    problems += [f"missing {describe(e)}" for e in result.missing]
    problems += [f"flagged {describe(e)}" for e in result.flagged]
    if result.observation == "none":
        problems.insert(0, "never observed: no entry in policies/observed_calls.json")
    return f"{result.handler}: {counts}" + ("; " + "; ".join(problems) if problems else "")


def describe(entry: PrivilegeEntry, *, policy: bool = True) -> str:
    """`action on resource granted by policy (path): note`; `policy=False` leaves the policy out."""
    on = f" on {entry.resource}" if entry.resource else ""
    by = f" granted by {entry.policy} ({entry.policy_path})" if entry.policy and policy else ""
    return f"{entry.action}{on}{by}: {entry.note}"
