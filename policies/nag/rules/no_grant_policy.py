"""FinTech-NoGrantPolicy (MW-05): no `AWS::IAM::Policy` is attached to a function's or task's role.

A workload role holds exactly the statements of its customer-managed policy. CDK's `grant*`
methods and automatic grants (tracing, event sources, log groups, ECS secrets) add statements to
a role's `DefaultPolicy`, an `AWS::IAM::Policy`; the project hands roles to functions and tasks
immutable (`without_policy_updates`, `Role.from_role_arn(..., mutable=False)`) so no such
policy appears. Any `AWS::IAM::Policy` naming a workload role means a grant widened it.
"""

from __future__ import annotations

from collections.abc import Iterator

from policies.nag.inventory import Inventory, Needs, Verdict
from policies.nag.rule import Rule
from policies.nag.rules.own_role import ROLE, ROLE_SLOTS, role_slots

POLICY = "AWS::IAM::Policy"


def _evaluate(inventory: Inventory) -> Iterator[Verdict]:
    attached: dict[tuple[str, str], list[str]] = {}
    for policy in inventory.resources:
        if policy.type == POLICY:
            for role_id in policy.refers("Roles"):
                attached.setdefault((policy.stack, role_id), []).append(policy.path)
    slots = list(role_slots(inventory))
    resources = {stack: inventory.by_logical_id(stack) for stack in {w.stack for w, _, _ in slots}}
    seen: set[tuple[str, str]] = set()
    for workload, _, ids in slots:
        role = resources[workload.stack].get(ids[0]) if len(ids) == 1 else None
        if role is None or role.type != ROLE or (role.stack, role.logical_id) in seen:
            continue  # a role not created in the stack is FinTech-OwnRole's finding
        seen.add((role.stack, role.logical_id))
        policies = attached.get((role.stack, role.logical_id), [])
        yield Verdict(
            resource=role,
            compliant=not policies,
            message=(
                f"role of {workload.path} has grant policies {', '.join(policies)}"
                if policies
                else f"role of {workload.path}: no AWS::IAM::Policy attached"
            ),
        )


RULE = Rule(
    name="NoGrantPolicy",
    claims=("MW-05",),
    info="An AWS::IAM::Policy (a CDK grant's DefaultPolicy) is attached to a function's or task's role.",
    explanation=(
        "MW-05: each workload role holds one customer-managed policy with exactly the statements it "
        "needs; a grant-created policy widens it outside that review."
    ),
    needs=Needs(logical_ids=frozenset({ROLE}), references={**ROLE_SLOTS, POLICY: ("Roles",)}),
    evaluate=_evaluate,
)
