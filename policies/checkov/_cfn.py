"""The base classes and readers shared by the project's Checkov checks (this module defines no check).

Checkov hands a check one resource as parsed from the template: `Type`, `Properties` and
`Metadata`, with bookkeeping keys (`__startline__`, `__file__`, ...) mixed into every mapping. The
readers below see past them the same way in every check. A check names the claims it verifies in
`CLAIMS`; the gate's Checkov worker reports them with every result.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.cloudformation.checks.resource.base_resource_value_check import BaseResourceValueCheck
from checkov.cloudformation.parser import parse

from policies.constants import PRODUCTION_ENVIRONMENT

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
        scanned = os.path.join(os.getcwd(), self.scanned_file.lstrip("/"))
        path = next((p for p in [*_source_files(conf), scanned] if os.path.isfile(p)), None)
        if path is None:
            return None
        resources = clean(_template(path, os.stat(path).st_mtime_ns).get("Resources"))
        return clean(resources.get(self.logical_id)).get(attribute)


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
