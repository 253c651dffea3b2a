"""The base classes and readers shared by the project's Checkov checks (this module defines no check).

Checkov hands a check one resource as parsed from the template: `Type`, `Properties` and
`Metadata`, with bookkeeping keys (`__startline__`, `__file__`, ...) mixed into every mapping. The
readers below see past them the same way in every check. A check names the claims it verifies in
`CLAIMS`; the gate's Checkov worker reports them with every result.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.cloudformation.checks.resource.base_resource_value_check import BaseResourceValueCheck
from checkov.cloudformation.parser import parse
from checkov.common.models.enums import CheckResult

from policies.constants import HANDLER_DLQ_VARIABLE, PRODUCTION_ENVIRONMENT

_AWS_MANAGED_KEY = re.compile(r"(^|:)alias/aws/")


class ResourceCheck(BaseResourceCheck):  # type: ignore[misc]  # Checkov ships no type information
    """A check with its own logic in `scan_resource_conf`."""

    CLAIMS: ClassVar[tuple[str, ...]] = ()


class ValueCheck(BaseResourceValueCheck):  # type: ignore[misc]
    """A single-property check: `get_inspected_key` must hold `get_expected_value`."""

    CLAIMS: ClassVar[tuple[str, ...]] = ()


class TemplateAttributeCheck(ResourceCheck):
    """A check that also reads the resource attributes Checkov drops (`DeletionPolicy`, ...).

    Checkov passes only `Type`, `Properties` and `Metadata` on; the other attributes are read from
    the template file the resource came from (named in the parsed nodes, or by the scanned path
    relative to the working directory), by the logical id Checkov names in `run`.
    """

    logical_id = ""
    scanned_file = ""

    def run(self, **kwargs: Any) -> Any:
        self.logical_id, self.scanned_file = kwargs["entity_name"], kwargs["scanned_file"]
        return super().run(**kwargs)

    def template_attribute(self, conf: dict[str, Any], attribute: str) -> Any:
        """The resource's top-level `attribute` in its template; None when absent or unreadable."""
        path = self.template_file(conf)
        if path is None:
            return None
        resources = clean(_template(path, os.stat(path).st_mtime_ns).get("Resources"))
        return clean(resources.get(self.logical_id)).get(attribute)

    def template_file(self, conf: dict[str, Any]) -> str | None:
        """The template file the scanned resource came from; None when it cannot be found."""
        scanned = os.path.join(os.getcwd(), self.scanned_file.lstrip("/"))
        return next((p for p in [*_source_files(conf), scanned] if os.path.isfile(p)), None)


def _source_files(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if isinstance(value.get("__file__"), str):
            yield value["__file__"]
        for child in value.values():
            yield from _source_files(child)


@functools.lru_cache(maxsize=64)
def _template(path: str, mtime_ns: int) -> dict[str, Any]:
    template, _ = parse(path)
    return template if isinstance(template, dict) else {}


def clean(mapping: Any) -> dict[str, Any]:
    """`mapping` without Checkov's bookkeeping keys; {} when it is not a mapping."""
    if not isinstance(mapping, dict):
        return {}
    return {key: value for key, value in mapping.items() if not (key.startswith("__") and key.endswith("__"))}


def properties(conf: dict[str, Any]) -> dict[str, Any]:
    return clean(conf.get("Properties"))


def dig(value: Any, *path: str) -> Any:
    """`value[path[0]][path[1]]...`, or None where a step is missing or not a mapping."""
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def mappings(value: Any) -> list[dict[str, Any]]:
    """The mappings of a list (or of a single mapping), cleaned."""
    return [clean(item) for item in as_list(value) if isinstance(item, dict)]


def is_true(value: Any) -> bool:
    """CloudFormation's true: the boolean or the string "true" (any case)."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


def is_set(value: Any) -> bool:
    """A value is present and not empty (a mapping counts without bookkeeping keys)."""
    if isinstance(value, dict):
        return bool(clean(value))
    return value is not None and value != "" and value != []


def as_number(value: Any) -> float | None:
    """A numeric property, written as a number or a numeric string; None otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def strip(value: Any) -> Any:
    """`value` as plain JSON data, without Checkov's bookkeeping keys at any depth (so two
    references to the same thing compare equal wherever they appear in the template)."""
    if isinstance(value, dict):
        return {key: strip(child) for key, child in clean(value).items()}
    if isinstance(value, list):
        return [strip(child) for child in value]
    return value


def json_value(value: Any) -> Any:
    """A `Json`-typed property, which a template may also write as a JSON string."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def text(value: Any) -> str:
    """The literal text of a value: a string as is, `Fn::Join`/`Fn::Sub` flattened with `{}`
    where only deployment knows the part; "" for any other intrinsic function."""
    if isinstance(value, str):
        return value
    function = clean(value)
    if isinstance(function.get("Fn::Join"), list) and len(function["Fn::Join"]) == 2:
        separator, parts = function["Fn::Join"]
        return str(separator).join(text(part) or "{}" for part in as_list(parts))
    if "Fn::Sub" in function:
        template = as_list(function["Fn::Sub"])[0]
        return template if isinstance(template, str) else ""
    return ""


def key_values(value: Any) -> dict[str, Any]:
    """A list of `{"Key": ..., "Value": ...}` (tags, load balancer attributes) as a mapping."""
    if isinstance(value, dict):
        return clean(value)
    return {item["Key"]: item.get("Value") for item in mappings(value) if isinstance(item.get("Key"), str)}


def tags(conf: dict[str, Any]) -> dict[str, Any]:
    """The resource's tags, from either CloudFormation form (a list of Key/Value or a mapping)."""
    return key_values(properties(conf).get("Tags"))


def metadata(conf: dict[str, Any], key: str) -> Any:
    return clean(conf.get("Metadata")).get(key)


def is_production(conf: dict[str, Any]) -> bool:
    """The resource belongs to the production environment (its `Environment` tag, MW-07)."""
    return tags(conf).get("Environment") == PRODUCTION_ENVIRONMENT


def is_customer_managed_key(value: Any) -> bool:
    """A KMS key reference that is set and is not an AWS managed key (`alias/aws/<service>`)."""
    return is_set(value) and not _AWS_MANAGED_KEY.search(text(value))


def statements(document: Any) -> list[dict[str, Any]]:
    """The statements of an IAM policy document."""
    return mappings(clean(document).get("Statement"))


def permission_documents(conf: dict[str, Any]) -> list[Any]:
    """The permission policies an IAM resource defines (a role's inline policies included; its
    trust policy is not a permission policy)."""
    props = properties(conf)
    if conf.get("Type") == "AWS::IAM::Role":
        return [policy.get("PolicyDocument") for policy in mappings(props.get("Policies"))]
    return [props.get("PolicyDocument")]


def allowed_actions(statement: dict[str, Any]) -> list[str]:
    """The literal actions an `Allow` statement grants ([] for a `Deny`)."""
    if statement.get("Effect") != "Allow":
        return []
    return [action for action in as_list(statement.get("Action")) if isinstance(action, str)]


def environment_variables(conf: dict[str, Any]) -> dict[str, Any]:
    """Every environment variable a Lambda function or an ECS task definition sets, by name
    (an ECS variable is named `<container>.<variable>`)."""
    props = properties(conf)
    if conf.get("Type") == "AWS::Lambda::Function":
        return clean(dig(props, "Environment", "Variables"))
    return {
        f"{container.get('Name')}.{variable.get('Name')}": variable.get("Value")
        for container in mappings(props.get("ContainerDefinitions"))
        for variable in mappings(container.get("Environment"))
    }


def cache_behaviors(conf: dict[str, Any]) -> list[dict[str, Any]]:
    """A CloudFront distribution's behaviors: the default one first, then the path patterns."""
    config = clean(properties(conf).get("DistributionConfig"))
    return mappings(config.get("DefaultCacheBehavior")) + mappings(config.get("CacheBehaviors"))


def is_application_load_balancer(conf: dict[str, Any]) -> bool:
    return bool(properties(conf).get("Type", "application") == "application")


def load_balancer_attributes(conf: dict[str, Any]) -> dict[str, Any]:
    return key_values(properties(conf).get("LoadBalancerAttributes"))


# --- Checks whose claim spans resources: the whole template around the scanned resource ---------


class TemplateCheck(TemplateAttributeCheck):
    """A check that judges a resource by its place in the whole template (which function's role a
    policy is attached to, which table a function's environment names, ...).

    Checkov hands a check one resource, with its intrinsic functions partly rendered; these checks
    read the template file instead (`Template`, every resource as plain JSON data, exactly as
    written) and judge the scanned resource there by its logical id.
    """

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        path = self.template_file(conf)
        resources = _plain_resources(path, os.stat(path).st_mtime_ns) if path else {}
        template = Template(resources)
        if self.logical_id not in resources:
            return CheckResult.UNKNOWN
        return self.scan_in_template(template, self.logical_id)

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        raise NotImplementedError


@functools.lru_cache(maxsize=16)
def _plain_resources(path: str, mtime_ns: int) -> dict[str, dict[str, Any]]:
    resources = clean(_template(path, mtime_ns).get("Resources"))
    return {
        logical_id: strip(resource)
        for logical_id, resource in resources.items()
        if isinstance(resource, dict)
    }


# The attributes by which a resource of each type gives its ARN (`Ref` where the Ref is the ARN).
_ARN_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "AWS::SecretsManager::Secret": ("Ref", "Id"),
    "AWS::SNS::Topic": ("Ref", "TopicArn"),
    "AWS::IAM::ManagedPolicy": ("Ref", "PolicyArn"),
}


def reference(value: Any) -> tuple[str, str] | None:
    """(logical id, attribute) that `{"Ref": id}` ("Ref") or `{"Fn::GetAtt": ...}` names; None for
    anything else, including a reference inside a longer expression."""
    function = clean(value)
    if len(function) != 1:
        return None
    if isinstance(function.get("Ref"), str):
        return function["Ref"], "Ref"
    target = function.get("Fn::GetAtt")
    if isinstance(target, str) and "." in target:
        logical_id, attribute = target.split(".", 1)
        return logical_id, attribute
    if isinstance(target, list) and len(target) == 2 and all(isinstance(part, str) for part in target):
        return target[0], target[1]
    return None


def mentions(value: Any, logical_id: str) -> bool:
    """`value` refers to `logical_id` anywhere inside it (a `Ref`, a `Fn::GetAtt`, a `Fn::Sub` name)."""
    if isinstance(value, dict):
        found = reference(value)
        if found is not None and found[0] == logical_id:
            return True
        if isinstance(value.get("Fn::Sub"), str | list):
            template = as_list(value["Fn::Sub"])[0]
            if isinstance(template, str) and re.search(
                rf"\$\{{{re.escape(logical_id)}(\.[^}}]*)?\}}", template
            ):
                return True
        return any(mentions(child, logical_id) for child in value.values())
    if isinstance(value, list):
        return any(mentions(child, logical_id) for child in value)
    return False


def action_matches(pattern: str, action: str) -> bool:
    """An IAM action pattern (`*` and `?` wildcards, any case) covers `action`."""
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def grants(statement: dict[str, Any], action: str) -> bool:
    """An `Allow` statement grants `action` (through `Action`, or as an action `NotAction` leaves out)."""
    if statement.get("Effect") != "Allow":
        return False
    if "NotAction" in statement:
        excluded = [pattern for pattern in as_list(statement["NotAction"]) if isinstance(pattern, str)]
        return not any(action_matches(pattern, action) for pattern in excluded)
    return any(action_matches(pattern, action) for pattern in allowed_actions(statement))


def granted_resources(documents: list[Any], action: str) -> list[Any]:
    """Every resource the policy documents allow `action` on (`*` for a `NotResource` statement)."""
    found: list[Any] = []
    for document in documents:
        for statement in statements(document):
            if grants(statement, action):
                found.extend(["*"] if "NotResource" in statement else as_list(statement.get("Resource")))
    return found


def arn_pattern_covers(pattern: str, arn: str) -> bool:
    """A literal IAM resource (wildcards; `{}` where only deployment knows a part, see `text`)
    covers `arn`; partition, region and account are not judged (the template's own are unknown)."""
    parts = pattern.replace("{}", "*").split(":", 5)
    if len(parts) == 6:
        parts[1] = parts[3] = parts[4] = "*"
    return fnmatch.fnmatchcase(arn, ":".join(parts))


@dataclass(frozen=True)
class Template:
    """The resources of one template by logical id, as plain JSON data."""

    resources: Mapping[str, dict[str, Any]]

    def type_of(self, logical_id: str | None) -> str | None:
        resource = self.resources.get(logical_id or "")
        return None if resource is None else resource.get("Type")

    def properties(self, logical_id: str | None) -> dict[str, Any]:
        return properties(self.resources.get(logical_id or "", {}))

    def of_type(self, *resource_types: str) -> list[str]:
        return [
            logical_id
            for logical_id, resource in self.resources.items()
            if resource.get("Type") in resource_types
        ]

    def target(self, value: Any, resource_type: str, attributes: tuple[str, ...] = ()) -> str | None:
        """The logical id of the `resource_type` that `value` references (by one of `attributes`,
        any when none are given); None when `value` is no such reference."""
        found = reference(value)
        if found is None or self.type_of(found[0]) != resource_type:
            return None
        return found[0] if not attributes or found[1] in attributes else None

    def arn_target(self, value: Any) -> str | None:
        """The logical id whose ARN `value` is (`Fn::GetAtt` Arn, or `Ref` where Ref is the ARN)."""
        found = reference(value)
        if found is None or found[0] not in self.resources:
            return None
        return found[0] if found[1] in _ARN_ATTRIBUTES.get(self.type_of(found[0]) or "", ("Arn",)) else None

    def functions(self, *handlers: str) -> list[str]:
        """The Lambda functions whose `Handler` is one of `handlers`."""
        return [
            logical_id
            for logical_id in self.of_type("AWS::Lambda::Function")
            if self.properties(logical_id).get("Handler") in handlers
        ]

    def variable(self, function: str, name: str) -> Any:
        """The value of a function's environment variable `name` (None when unset)."""
        return clean(dig(self.properties(function), "Environment", "Variables")).get(name)

    def named_by(self, handler: str, variable: str, resource_type: str) -> set[str]:
        """The `resource_type` resources that the `handler` functions reference in `variable`."""
        named = {
            self.target(self.variable(function, variable), resource_type)
            for function in self.functions(handler)
        }
        return {logical_id for logical_id in named if logical_id is not None}

    def role_of(self, function: str) -> str | None:
        return self.target(self.properties(function).get("Role"), "AWS::IAM::Role")

    def roles_holding(self, holder: str) -> set[str]:
        """The roles that get the permissions of `holder` (a role holds its own inline policies; a
        policy is attached through its `Roles` or a role's `ManagedPolicyArns`)."""
        resource_type = self.type_of(holder)
        if resource_type == "AWS::IAM::Role":
            return {holder}
        roles = {
            self.target(role, "AWS::IAM::Role") for role in as_list(self.properties(holder).get("Roles"))
        }
        if resource_type == "AWS::IAM::ManagedPolicy":
            roles |= {
                role
                for role in self.of_type("AWS::IAM::Role")
                if any(
                    reference(arn) == (holder, "Ref")
                    for arn in as_list(self.properties(role).get("ManagedPolicyArns"))
                )
            }
        return {role for role in roles if role is not None}

    def holders(self, role: str) -> list[str]:
        """The role and every policy of this template attached to it."""
        return [
            holder
            for holder in self.of_type("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")
            if role in self.roles_holding(holder)
        ]

    def documents(self, holder: str) -> list[Any]:
        """The permission policy documents `holder` defines (a role's trust policy is none)."""
        return permission_documents(self.resources.get(holder, {}))

    def answerable(self, role: str) -> list[str]:
        """Who answers for a permission the role lacks: the role and policies that define
        permissions for it, or the role itself when none does (a role without inline policies is
        not at fault while a policy attached to it defines its permissions)."""
        return [holder for holder in self.holders(role) if self.documents(holder)] or [role]

    def role_documents(self, role: str) -> list[Any]:
        """Every permission policy document the role gets from this template."""
        return [document for holder in self.holders(role) for document in self.documents(holder)]

    def dead_letter_queues(self) -> set[str]:
        """The queues that hold what could not be processed or delivered: redrive targets of
        queues and subscriptions, Lambda dead-letter targets, and the queue a function names in
        its `DLQ_URL` variable (webhook_handler's own DLQ, WH-09)."""
        found: set[str | None] = set()
        for logical_id in self.of_type("AWS::SQS::Queue", "AWS::SNS::Subscription"):
            redrive = json_value(self.properties(logical_id).get("RedrivePolicy"))
            found.add(self.arn_target(clean(redrive).get("deadLetterTargetArn")))
        for function in self.of_type("AWS::Lambda::Function"):
            found.add(self.arn_target(dig(self.properties(function), "DeadLetterConfig", "TargetArn")))
            found.add(self.target(self.variable(function, HANDLER_DLQ_VARIABLE), "AWS::SQS::Queue"))
        return {queue for queue in found if queue is not None and self.type_of(queue) == "AWS::SQS::Queue"}


def exact_grant(
    template: Template, holder: str, *, handler: str, variable: str, resource_type: str, action: str
) -> CheckResult:
    """Judge `holder` (a role or a policy) by one rule: the role of each `handler` function may
    `action` on the `resource_type` its environment `variable` names, and on nothing else.

    FAILED when `holder` grants `action` on anything else, or when nothing of the role grants it on
    that resource and `holder` is answerable for that (`Template.answerable`). UNKNOWN when `holder`
    gives no such function's role its permissions, when it defines none of its own and is not
    answerable, or when the function's `variable` names no such resource (the function's finding).
    """
    outcome = CheckResult.UNKNOWN
    for function in template.functions(handler):
        role = template.role_of(function)
        wanted = template.target(template.variable(function, variable), resource_type)
        if role is None or wanted is None or role not in template.roles_holding(holder):
            continue

        def is_wanted(resource: Any, wanted: str = wanted) -> bool:
            return template.arn_target(resource) == wanted

        own = granted_resources(template.documents(holder), action)
        every = granted_resources(template.role_documents(role), action)
        if not all(is_wanted(resource) for resource in own):
            return CheckResult.FAILED
        if not any(is_wanted(resource) for resource in every) and holder in template.answerable(role):
            return CheckResult.FAILED
        if template.documents(holder):
            outcome = CheckResult.PASSED
    return outcome
