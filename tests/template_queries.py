"""Pure queries over a synthesized CloudFormation template (a dict), shared by unit and e2e tests.

They follow references the way CloudFormation does (`Ref`, `Fn::GetAtt`), so a test can ask
"which queue feeds the function with this handler" or "which filter policy does each consumer's
subscription carry" without knowing any logical id.
"""

from __future__ import annotations

from typing import Any

Template = dict[str, Any]
Resource = dict[str, Any]


def resources_of_type(template: Template, resource_type: str) -> dict[str, Resource]:
    """Every resource of `resource_type`, keyed by logical id."""
    return {
        logical_id: resource
        for logical_id, resource in template.get("Resources", {}).items()
        if resource["Type"] == resource_type
    }


def referenced_id(value: Any) -> str | None:
    """The logical id a `Ref` or `Fn::GetAtt` points at, or None for anything else."""
    if isinstance(value, dict):
        if "Ref" in value:
            return str(value["Ref"])
        if "Fn::GetAtt" in value:
            return str(value["Fn::GetAtt"][0])
    return None


def function_by_handler(template: Template, handler: str) -> tuple[str, Resource]:
    """The one Lambda function whose `Handler` is `handler`, as (logical id, resource)."""
    matches = [
        (logical_id, resource)
        for logical_id, resource in resources_of_type(template, "AWS::Lambda::Function").items()
        if resource["Properties"].get("Handler") == handler
    ]
    if len(matches) != 1:
        raise LookupError(f"expected one function with handler {handler!r}, found {len(matches)}")
    return matches[0]


def consumer_name(function: Resource) -> str:
    """The package a function runs, e.g. `transaction_processor` for its handler string."""
    return str(function["Properties"]["Handler"]).split(".", 1)[0]


def event_source_for_function(template: Template, function_id: str) -> tuple[str, Resource]:
    """The one event source mapping invoking `function_id`, as (logical id, resource)."""
    matches = [
        (logical_id, mapping)
        for logical_id, mapping in resources_of_type(template, "AWS::Lambda::EventSourceMapping").items()
        if referenced_id(mapping["Properties"]["FunctionName"]) == function_id
    ]
    if len(matches) != 1:
        raise LookupError(f"expected one event source mapping for {function_id}, found {len(matches)}")
    return matches[0]


def queue_for_function(template: Template, function_id: str) -> tuple[str, Resource]:
    """The SQS queue read by `function_id`'s event source mapping, as (logical id, resource)."""
    _, mapping = event_source_for_function(template, function_id)
    queue_id = referenced_id(mapping["Properties"]["EventSourceArn"])
    if queue_id is None:
        raise LookupError(f"the event source of {function_id} is not a queue of this template")
    return queue_id, template["Resources"][queue_id]


def dead_letter_queue_of(template: Template, queue: Resource) -> tuple[str, Resource]:
    """The DLQ named by `queue`'s redrive policy, as (logical id, resource)."""
    dlq_id = referenced_id(queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"])
    if dlq_id is None:
        raise LookupError("the redrive policy does not name a queue of this template")
    return dlq_id, template["Resources"][dlq_id]


def subscription_for_queue(template: Template, queue_id: str) -> tuple[str, Resource]:
    """The one SNS subscription delivering to `queue_id`, as (logical id, resource)."""
    matches = [
        (logical_id, subscription)
        for logical_id, subscription in resources_of_type(template, "AWS::SNS::Subscription").items()
        if subscription["Properties"].get("Protocol") == "sqs"
        and referenced_id(subscription["Properties"]["Endpoint"]) == queue_id
    ]
    if len(matches) != 1:
        raise LookupError(f"expected one subscription to {queue_id}, found {len(matches)}")
    return matches[0]


def consumers(template: Template) -> dict[str, tuple[str, Resource]]:
    """Every function fed by an SQS queue subscribed to SNS: {consumer name: (function id, function)}."""
    found: dict[str, tuple[str, Resource]] = {}
    for function_id, function in resources_of_type(template, "AWS::Lambda::Function").items():
        try:
            queue_id, _ = queue_for_function(template, function_id)
            subscription_for_queue(template, queue_id)
        except LookupError:
            continue
        found[consumer_name(function)] = (function_id, function)
    return found


def filter_policies(template: Template) -> dict[str, dict[str, Any] | None]:
    """{consumer name: the filter policy of its queue's subscription, or None if it gets everything}."""
    policies: dict[str, dict[str, Any] | None] = {}
    for name, (function_id, _) in consumers(template).items():
        queue_id, _ = queue_for_function(template, function_id)
        _, subscription = subscription_for_queue(template, queue_id)
        policies[name] = subscription["Properties"].get("FilterPolicy")
    return policies


def policy_statements(template: Template, role_id: str) -> list[dict[str, Any]]:
    """Every statement granted to `role_id`: inline, customer-managed and default policies."""
    statements: list[dict[str, Any]] = []
    role = template["Resources"][role_id]
    for inline in role["Properties"].get("Policies", []):
        statements.extend(inline["PolicyDocument"]["Statement"])
    for policy_type in ("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy"):
        for policy in resources_of_type(template, policy_type).values():
            if role_id in (referenced_id(role_ref) for role_ref in policy["Properties"].get("Roles", [])):
                statements.extend(policy["Properties"]["PolicyDocument"]["Statement"])
    return statements


def as_list(value: Any) -> list[Any]:
    """A policy element that may be a single value or a list, as a list."""
    return value if isinstance(value, list) else [value]
