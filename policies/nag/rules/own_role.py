"""FinTech-OwnRole (MW-05): one role per function or task, created in that workload's own construct.

Every Lambda function (`Role`) and ECS task definition (`TaskRoleArn`, `ExecutionRoleArn`) must
use roles that are
- created in the same stack (a `Fn::GetAtt` of an `AWS::IAM::Role` there, not an imported ARN),
- defined inside the workload's own construct: the construct that defines the function or task
  (`Webhook-dev/AuditLogger` for `Webhook-dev/AuditLogger/Function`) or, when that is the stack
  itself, the function or task construct,
- used by no other role slot: not by another function or task, and not as a task's other role.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from policies.nag.inventory import Inventory, Needs, Resource, Verdict
from policies.nag.rule import Rule

ROLE = "AWS::IAM::Role"
ROLE_SLOTS = {
    "AWS::Lambda::Function": ("Role",),
    "AWS::ECS::TaskDefinition": ("TaskRoleArn", "ExecutionRoleArn"),
}


def role_slots(inventory: Inventory) -> Iterator[tuple[Resource, str, tuple[str, ...]]]:
    """(workload, role property, logical ids it references) of every function and task definition."""
    for resource in inventory.resources:
        for prop in ROLE_SLOTS.get(resource.type, ()):
            if prop in resource.references:
                yield resource, prop, resource.refers(prop)


def own_scope(workload: Resource) -> str:
    """The construct a workload's roles must be defined in (see the module docstring)."""
    construct = workload.path.rsplit("/", 1)[0]  # the L2 owning the CfnResource (or its scope)
    owner = construct.rsplit("/", 1)[0]
    return construct if owner == workload.stack else owner


def _evaluate(inventory: Inventory) -> Iterator[Verdict]:
    slots = list(role_slots(inventory))
    uses = Counter((w.stack, ids[0]) for w, _, ids in slots if len(ids) == 1)
    workloads: dict[str, list[str]] = {}
    order: list[Resource] = []
    roles = {stack: inventory.by_logical_id(stack) for stack in {w.stack for w, _, _ in slots}}
    for workload, prop, ids in slots:
        if workload.path not in workloads:
            workloads[workload.path] = []
            order.append(workload)
        role = roles[workload.stack].get(ids[0]) if len(ids) == 1 else None
        if role is None or role.type != ROLE:
            workloads[workload.path].append(f"{prop} is not a role created in {workload.stack}")
            continue
        scope = own_scope(workload)
        if not role.path.startswith(scope + "/"):
            workloads[workload.path].append(f"{prop} {role.path} is defined outside {scope}")
        if uses[workload.stack, ids[0]] > 1:
            workloads[workload.path].append(f"{prop} {role.path} is shared with another role slot")
    for workload in order:
        problems = workloads[workload.path]
        yield Verdict(
            resource=workload,
            compliant=not problems,
            message="; ".join(problems) or f"its own roles, defined in {own_scope(workload)}",
        )


RULE = Rule(
    name="OwnRole",
    claims=("MW-05",),
    info="The function or task uses a role that is imported, shared, or defined outside its own construct.",
    explanation=(
        "MW-05: one IAM role per function or task, created next to it, so each role's permissions are "
        "exactly what that one workload needs and a grant to one workload never reaches another."
    ),
    needs=Needs(logical_ids=frozenset({ROLE}), references=ROLE_SLOTS),
    evaluate=_evaluate,
)
