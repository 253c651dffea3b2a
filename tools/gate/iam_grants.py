"""What a Lambda function's execution role grants, read from the template (MW-05).

Every policy attached to the role counts: `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy`
resources whose `Roles` name it, the role's inline `Policies`, and its `ManagedPolicyArns` (a
managed policy of the template, or an AWS managed policy from policies/aws_managed_policies.py).
Each Allow statement becomes one `Grant` per action and resource, a resource being the logical id
its value refers to (`Fn::GetAtt`, `Ref`, also inside `Fn::Join`/`Fn::Sub`) or the literal value.
What cannot be compared action by action is flagged instead, never matched: wildcard actions
(`dynamodb:*`, `s3:Get*`), `NotAction`, `NotResource`, an AWS managed policy the table lacks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from policies.aws_managed_policies import AWS_MANAGED_POLICIES
from tools.gate.model import PrivilegeEntry

Template = Mapping[str, Any]
_SUB_NAME: Final = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")
_AWS_MANAGED: Final = re.compile(r"^arn:(?:\$\{AWS::Partition\}|aws[a-z-]*):iam::aws:policy/(?P<name>.+)$")
POLICY_TYPES: Final = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")


@dataclass(frozen=True, kw_only=True)
class Policy:
    id: str  # logical id; `<role>/<PolicyName>` for an inline policy; `aws-managed:<name>`
    path: str  # construct path


@dataclass(frozen=True, kw_only=True)
class Grant:
    policy: Policy
    action: str
    resource: str  # logical id the statement's resource refers to, or its literal value ("*")


@dataclass(frozen=True, kw_only=True)
class RoleGrants:
    policies: tuple[Policy, ...]
    grants: tuple[Grant, ...]
    flagged: tuple[PrivilegeEntry, ...]


def referenced_ids(value: Any, template: Template) -> list[str]:
    """The template resources `value` refers to, in order (pseudo parameters excluded)."""
    resources = template.get("Resources", {})
    found: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                found.append(inner)
            elif key == "Fn::GetAtt":
                found.append(inner[0] if isinstance(inner, list) else str(inner).split(".", 1)[0])
            elif key == "Fn::Sub":
                text = inner[0] if isinstance(inner, list) else inner
                found.extend(_SUB_NAME.findall(text))
                found.extend(referenced_ids(inner[1:] if isinstance(inner, list) else [], template))
            else:
                found.extend(referenced_ids(inner, template))
    elif isinstance(value, list):
        for inner in value:
            found.extend(referenced_ids(inner, template))
    return [name for name in dict.fromkeys(found) if name in resources]


def resource_names(value: Any, template: Template) -> list[str]:
    """A statement's `Resource` as logical ids or literals, one per item."""
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        ids = referenced_ids(item, template)
        names.extend(ids or [item if isinstance(item, str) else json.dumps(item, sort_keys=True)])
    return names


def role_grants(template: Template, role_id: str) -> RoleGrants:
    """Every grant of the role `role_id`, by the policy that makes it."""
    grants: list[Grant] = []
    flagged: list[PrivilegeEntry] = []
    policies = list(_documents(template, role_id, flagged))
    for policy, document in policies:
        for statement in _statements(document):
            grants.extend(_expand(policy, statement, template, flagged))
    return RoleGrants(policies=tuple(p for p, _ in policies), grants=tuple(grants), flagged=tuple(flagged))


def _documents(
    template: Template, role_id: str, flagged: list[PrivilegeEntry]
) -> Iterator[tuple[Policy, Mapping[str, Any]]]:
    resources = template.get("Resources", {})
    role = resources[role_id]
    role_path = _path(role)
    seen: set[str] = set()
    for name, inline in enumerate(role.get("Properties", {}).get("Policies", [])):
        policy_name = inline.get("PolicyName", str(name))
        yield Policy(id=f"{role_id}/{policy_name}", path=role_path), inline["PolicyDocument"]
    for logical_id, resource in resources.items():
        if resource.get("Type") in POLICY_TYPES and role_id in referenced_ids(
            resource.get("Properties", {}).get("Roles", []), template
        ):
            seen.add(logical_id)
            yield Policy(id=logical_id, path=_path(resource)), resource["Properties"]["PolicyDocument"]
    for arn in role.get("Properties", {}).get("ManagedPolicyArns", []):
        yield from _managed(arn, template, role_path, seen, flagged)


def _managed(
    arn: Any, template: Template, role_path: str, seen: set[str], flagged: list[PrivilegeEntry]
) -> Iterator[tuple[Policy, Mapping[str, Any]]]:
    resources = template.get("Resources", {})
    ids = [i for i in referenced_ids(arn, template) if resources[i].get("Type") == "AWS::IAM::ManagedPolicy"]
    for logical_id in ids:
        if logical_id not in seen:
            seen.add(logical_id)
            resource = resources[logical_id]
            yield Policy(id=logical_id, path=_path(resource)), resource["Properties"]["PolicyDocument"]
    if ids:
        return
    match = _AWS_MANAGED.match(_render(arn))
    name = match.group("name") if match else _render(arn)
    if match and name in AWS_MANAGED_POLICIES:
        statement = {"Effect": "Allow", "Action": list(AWS_MANAGED_POLICIES[name]), "Resource": "*"}
        yield Policy(id=f"aws-managed:{name}", path=role_path), {"Statement": [statement]}
        return
    flagged.append(
        PrivilegeEntry(
            action="*",
            policy=f"aws-managed:{name}",
            policy_path=role_path,
            note="managed policy outside the template and not in policies/aws_managed_policies.py: "
            "its actions are unknown",
        )
    )


def _statements(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    statements = document.get("Statement", [])
    return [statements] if isinstance(statements, dict) else list(statements)


def _expand(
    policy: Policy, statement: Mapping[str, Any], template: Template, flagged: list[PrivilegeEntry]
) -> Iterator[Grant]:
    if statement.get("Effect") != "Allow":
        return
    for key in ("NotAction", "NotResource"):
        if key in statement:
            flagged.append(
                PrivilegeEntry(
                    action=json.dumps(statement.get("Action", statement.get("NotAction"))),
                    policy=policy.id,
                    policy_path=policy.path,
                    note=f"{key} grants everything it does not name",
                )
            )
            return
    actions = statement.get("Action", [])
    resources = resource_names(statement.get("Resource", []), template)
    for action in [actions] if isinstance(actions, str) else actions:
        if "*" in action or "?" in action:
            flagged.append(
                PrivilegeEntry(
                    action=action,
                    resource=", ".join(resources),
                    policy=policy.id,
                    policy_path=policy.path,
                    note="wildcard action: it grants every action it matches; list the actions instead",
                )
            )
            continue
        for resource in resources:
            yield Grant(policy=policy, action=action, resource=resource)


def _path(resource: Mapping[str, Any]) -> str:
    return str(resource.get("Metadata", {}).get("aws:cdk:path", ""))


def _render(value: Any) -> str:
    """An ARN expression as text, references as `${Name}`."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if key == "Ref":
            return f"${{{inner}}}"
        if key == "Fn::Join":
            return str(inner[0]).join(_render(part) for part in inner[1])
        if key == "Fn::Sub":
            return str(inner[0] if isinstance(inner, list) else inner)
    return json.dumps(value, sort_keys=True)
