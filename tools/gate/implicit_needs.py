"""Which implicit actions (policies/implicit_actions.py) one function's template triggers (MW-05).

Each `Need` is an action on a resource (a logical id; "" for any resource) that AWS performs with
the function's role: writing its own log group, X-Ray with active tracing, decrypting its
environment, polling the SQS queue of its event source mapping, and the KMS calls a service makes
with the function's credentials on an encrypted resource the function uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from policies.implicit_actions import (
    ACTIVE_TRACING,
    ENCRYPTED_SOURCE_QUEUE,
    ENCRYPTED_TARGETS,
    ENVIRONMENT_KEY,
    FUNCTION_LOGS,
    KEY_PROPERTIES,
    SQS_EVENT_SOURCE,
    ImplicitActions,
)
from tools.gate.iam_grants import Template, referenced_ids

AWS_MANAGED_KEY_PREFIX = "alias/aws/"


@dataclass(frozen=True, kw_only=True)
class Need:
    action: str
    resource: str  # logical id or literal; "" for any resource
    why: str  # the reason (implicit) or where the call was seen (used)


def needs_of(rule: ImplicitActions, resource: str) -> list[Need]:
    return [
        Need(action=action, resource=resource, why=f"{rule.trigger}: {rule.reason}")
        for action in rule.actions
    ]


def function_needs(template: Template, function_id: str) -> Iterator[Need]:
    """What the function's own configuration makes AWS do with its role."""
    properties = template["Resources"][function_id].get("Properties", {})
    log_groups = referenced_ids(properties.get("LoggingConfig", {}).get("LogGroup"), template)
    yield from needs_of(FUNCTION_LOGS, log_groups[0] if log_groups else "")
    if properties.get("TracingConfig", {}).get("Mode") == "Active":
        yield from needs_of(ACTIVE_TRACING, "")
    key = _key(template, properties.get("KmsKeyArn"))
    if key and properties.get("Environment", {}).get("Variables"):
        yield from needs_of(ENVIRONMENT_KEY, key)
    for queue in event_source_queues(template, function_id):
        yield from needs_of(SQS_EVENT_SOURCE, queue)
        queue_key = customer_managed_key(template, queue)
        if queue_key:
            yield from needs_of(ENCRYPTED_SOURCE_QUEUE, queue_key)


def event_source_queues(template: Template, function_id: str) -> list[str]:
    """The SQS queues an event source mapping of the template polls for the function."""
    resources = template.get("Resources", {})
    queues = []
    for mapping in resources.values():
        properties = mapping.get("Properties", {})
        if mapping.get("Type") != "AWS::Lambda::EventSourceMapping" or function_id not in referenced_ids(
            properties.get("FunctionName"), template
        ):
            continue
        queues += [
            source
            for source in referenced_ids(properties.get("EventSourceArn"), template)
            if resources[source].get("Type") == "AWS::SQS::Queue"
        ]
    return queues


def encrypted_target_needs(template: Template, targets: Iterable[str]) -> Iterator[Need]:
    """KMS actions a service performs with the caller's credentials on the encrypted resources used."""
    resources = template.get("Resources", {})
    for target in dict.fromkeys(targets):
        resource_type = resources.get(target, {}).get("Type", "")
        key = customer_managed_key(template, target) if resource_type in ENCRYPTED_TARGETS else ""
        if key:
            yield from needs_of(ENCRYPTED_TARGETS[resource_type], key)


def customer_managed_key(template: Template, logical_id: str) -> str:
    """The customer managed key the resource is encrypted with; "" when none (or AWS managed)."""
    resource = template.get("Resources", {}).get(logical_id, {})
    path = KEY_PROPERTIES.get(resource.get("Type", ""))
    if path is None:
        return ""
    value: Any = resource.get("Properties", {})
    for name in path:
        value = value.get(name) if isinstance(value, Mapping) else None
    return _key(template, value)


def _key(template: Template, value: Any) -> str:
    if value is None:
        return ""
    ids = referenced_ids(value, template)
    if ids:
        return ids[0]
    return "" if isinstance(value, str) and value.startswith(AWS_MANAGED_KEY_PREFIX) else str(value)
