"""WH-09 and operations: the stack's outputs, including where each DLQ replays to."""

from __future__ import annotations

from typing import Any

import pytest

from tests.template_queries import (
    dead_letter_queue_of,
    function_by_handler,
    queue_for_function,
    referenced_id,
    subscription_for_queue,
)
from tests.webhook_stack import HANDLERS, WEBHOOK_STACKS

pytestmark = pytest.mark.synth


def outputs(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return dict(template["Outputs"])


def replay_pairs(template: dict[str, Any]) -> set[tuple[str | None, str | None]]:
    """{(DLQ, replay target)} as the stack outputs state them."""
    found = outputs(template)
    return {
        (
            referenced_id(found[name]["Value"]),
            referenced_id(found[name.removesuffix("Url") + "ReplayTarget"]["Value"]),
        )
        for name in found
        if name.endswith("DlqUrl")
    }


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_every_export_name_carries_the_stack_and_so_the_environment(assembly: Any, stack: str) -> None:
    for output in outputs(assembly.templates[stack]).values():
        assert output["Export"]["Name"].startswith(f"{stack}-")


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", ["ApiUrl", "TopicArn", "TransactionsTableName", "AuditTableName"])
def test_the_stack_exports_the_value_operators_need(assembly: Any, stack: str, name: str) -> None:
    exported = {output["Export"]["Name"] for output in outputs(assembly.templates[stack]).values()}
    assert f"{stack}-{name}" in exported


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_webhook_handler_dlq_replays_to_the_topic(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    _, handler = function_by_handler(template, HANDLERS["webhook_handler"])
    variables = handler["Properties"]["Environment"]["Variables"]
    assert (referenced_id(variables["DLQ_URL"]), referenced_id(variables["TOPIC_ARN"])) in replay_pairs(
        template
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("consumer", ["transaction_processor", "audit_logger"])
def test_a_consumer_queue_dlq_replays_to_that_queue(assembly: Any, stack: str, consumer: str) -> None:
    template = assembly.templates[stack]
    function_id, _ = function_by_handler(template, HANDLERS[consumer])
    queue_id, queue = queue_for_function(template, function_id)
    dlq_id, _ = dead_letter_queue_of(template, queue)
    assert (dlq_id, queue_id) in replay_pairs(template)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("consumer", ["transaction_processor", "audit_logger"])
def test_a_subscription_dlq_replays_to_the_subscriptions_queue(
    assembly: Any, stack: str, consumer: str
) -> None:
    template = assembly.templates[stack]
    function_id, _ = function_by_handler(template, HANDLERS[consumer])
    queue_id, _ = queue_for_function(template, function_id)
    _, subscription = subscription_for_queue(template, queue_id)
    dlq_id = referenced_id(subscription["Properties"]["RedrivePolicy"]["deadLetterTargetArn"])
    assert (dlq_id, queue_id) in replay_pairs(template)
