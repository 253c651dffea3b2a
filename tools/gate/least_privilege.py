"""MW-05 proven by use: each Lambda function's role held against the calls the function makes.

Pure: from the parsed templates (stack name -> template) and the inventory of observed calls
(policies/observed_calls.json, see tools/gate/inventory.py), for every `AWS::Lambda::Function`
of every stack, identified by its `Handler`:

- granted: every action its role's policies grant (tools/gate/iam_grants.py);
- used: what its own calls need, from the inventory, on the resources its environment names
  (`$TOPIC_ARN` is the topic the template passes in TOPIC_ARN); for a CDK framework function, the
  calls declared from its source (policies/framework_functions.py), reported as "declared";
- implicit: grants AWS uses with the role on the function's behalf, where the template triggers
  them (policies/implicit_actions.py, tools/gate/implicit_needs.py);
- unused: granted, neither used nor implicit; missing: used or implicit, not granted;
- flagged: what cannot be compared (wildcard actions, NotAction, unknown managed policies, a role
  shared by several functions).

A grant covers a need when the action is the same (IAM actions are case-insensitive) and it names
the same resource, or `*` (how broad `*` is, AwsSolutions-IAM5 and Checkov judge). A function the
inventory does not know fails: nothing is green that was not observed. The gate's evaluations and
findings are made from these results in tools/gate/least_privilege_verdict.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Literal

from policies.framework_functions import FRAMEWORK_FUNCTIONS, FrameworkFunction
from tools.gate.iam_grants import Grant, RoleGrants, Template, referenced_ids, role_grants
from tools.gate.implicit_needs import Need, encrypted_target_needs, function_needs
from tools.gate.inventory import Inventory
from tools.gate.model import FunctionPrivileges, PrivilegeEntry

FUNCTION_TYPE: Final = "AWS::Lambda::Function"
UNUSED: Final = "granted, but neither called by the function nor used by AWS on its behalf"


def compare(templates: Mapping[str, Template], observed: Inventory) -> tuple[FunctionPrivileges, ...]:
    """One comparison per Lambda function of every stack, in stack and logical id order."""
    return tuple(
        privileges(stack, template, logical_id, observed)
        for stack, template in sorted(templates.items())
        for logical_id, resource in sorted(template.get("Resources", {}).items())
        if resource.get("Type") == FUNCTION_TYPE
    )


def privileges(stack: str, template: Template, function_id: str, observed: Inventory) -> FunctionPrivileges:
    resource = template["Resources"][function_id]
    properties = resource.get("Properties", {})
    handler, path = str(properties.get("Handler", "")), _path(resource)
    roles = referenced_ids(properties.get("Role"), template)
    if not roles:
        grants = RoleGrants(policies=(), grants=(), flagged=())
        flagged = [PrivilegeEntry(action="*", note="the execution role is not defined in this template")]
    else:
        grants = role_grants(template, roles[0])
        flagged = [*grants.flagged, *_shared(template, roles[0], function_id)]
    framework = framework_function(path, handler)
    observation: Literal["observed", "declared", "none"]
    if framework is not None:
        observation, used = (
            "declared",
            [Need(action=a, resource="", why=framework.source) for a in framework.actions],
        )
    elif handler in observed:
        observation, used = "observed", _used(template, properties, observed[handler])
    else:
        observation, used = "none", []
    implicit = [
        *function_needs(template, function_id),
        *encrypted_target_needs(template, _targets(used, grants.grants)),
    ]
    return FunctionPrivileges(
        stack=stack,
        logical_id=function_id,
        path=path,
        handler=handler,
        role=roles[0] if roles else "",
        policies=tuple(policy.id for policy in grants.policies),
        observation=observation,
        granted=_sorted_actions(grant.action for grant in grants.grants),
        used=_sorted_actions(need.action for need in used),
        implicit=_unique(
            _entry(grant, need.why)
            for grant in grants.grants
            if not _covered(grant, used) and (need := _covering(grant, implicit)) is not None
        ),
        unused=_unique(
            _entry(grant, UNUSED) for grant in grants.grants if not _covered(grant, [*used, *implicit])
        ),
        missing=_unique(
            PrivilegeEntry(action=need.action, resource=need.resource, note=need.why)
            for need in [*used, *implicit]
            if not any(covers(grant, need) for grant in grants.grants)
        ),
        flagged=tuple(flagged),
    )


def covers(grant: Grant, need: Need) -> bool:
    return grant.action.lower() == need.action.lower() and (
        not need.resource or grant.resource in ("*", need.resource)
    )


def framework_function(path: str, handler: str) -> FrameworkFunction | None:
    """The declaration of the CDK framework function at `path`, if it is one."""
    parts = path.split("/")
    construct = parts[1] if len(parts) > 1 else ""
    return next((f for f in FRAMEWORK_FUNCTIONS if (f.construct, f.handler) == (construct, handler)), None)


def _used(
    template: Template, properties: Mapping[str, Any], calls: Mapping[str, Iterable[str]]
) -> list[Need]:
    """The function's observed calls, their `$VAR` targets resolved through its environment."""
    variables = properties.get("Environment", {}).get("Variables", {})
    needs = []
    for action, targets in sorted(calls.items()):
        resources = []
        for target in sorted(targets) or ["?"]:
            name = target.removeprefix("$")
            if not target.startswith("$"):
                resources.append(("", "called in the e2e tests on a resource from no environment variable"))
            elif name not in variables:
                resources.append(
                    (target, f"called on {target}, which the template does not pass the function")
                )
            else:
                ids = referenced_ids(variables[name], template)
                resources.append(
                    (ids[0] if ids else str(variables[name]), f"called in the e2e tests on {target}")
                )
        needs += [Need(action=action, resource=resource, why=why) for resource, why in resources]
    return needs


def _targets(used: Sequence[Need], grants: Sequence[Grant]) -> list[str]:
    """The resources the used calls act on; for a call of unknown target, those its grants name."""
    targets = []
    for need in used:
        if need.resource:
            targets.append(need.resource)
        else:
            targets += [g.resource for g in grants if g.action.lower() == need.action.lower()]
    return targets


def _shared(template: Template, role_id: str, function_id: str) -> list[PrivilegeEntry]:
    others = sorted(
        logical_id
        for logical_id, resource in template.get("Resources", {}).items()
        if resource.get("Type") == FUNCTION_TYPE
        and logical_id != function_id
        and role_id in referenced_ids(resource.get("Properties", {}).get("Role"), template)
    )
    if not others:
        return []
    return [PrivilegeEntry(action="*", policy=role_id, note=f"role shared with {', '.join(others)}")]


def _covered(grant: Grant, needs: Sequence[Need]) -> bool:
    return _covering(grant, needs) is not None


def _covering(grant: Grant, needs: Sequence[Need]) -> Need | None:
    return next((need for need in needs if covers(grant, need)), None)


def _entry(grant: Grant, note: str) -> PrivilegeEntry:
    return PrivilegeEntry(
        action=grant.action,
        resource=grant.resource,
        policy=grant.policy.id,
        policy_path=grant.policy.path,
        note=note,
    )


def _unique(entries: Iterable[PrivilegeEntry]) -> tuple[PrivilegeEntry, ...]:
    return tuple(dict.fromkeys(entries))


def _sorted_actions(actions: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(actions), key=str.lower))


def _path(resource: Mapping[str, Any]) -> str:
    return str(resource.get("Metadata", {}).get("aws:cdk:path", ""))
