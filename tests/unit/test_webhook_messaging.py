"""WH-07, WH-08, MW-03, MW-04: the payment-events topic, the consumer queues and their DLQs."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import MAX_RECEIVE_COUNT, PROCESSOR_STATUSES, VISIBILITY_TIMEOUT_FACTOR
from tests.template_queries import (
    consumers,
    dead_letter_queue_of,
    event_source_for_function,
    filter_policies,
    function_by_handler,
    queue_for_function,
    referenced_id,
    resources_of_type,
    subscription_for_queue,
)
from tests.webhook_stack import HANDLERS, WEBHOOK_STACKS

pytestmark = pytest.mark.synth
CONSUMERS = ("transaction_processor", "audit_logger")


def consumer_queue(template: dict[str, Any], consumer: str) -> tuple[str, dict[str, Any]]:
    function_id, _ = function_by_handler(template, HANDLERS[consumer])
    return queue_for_function(template, function_id)


def policy_statements_of_queue(template: dict[str, Any], queue_id: str) -> list[dict[str, Any]]:
    return [
        statement
        for policy in resources_of_type(template, "AWS::SQS::QueuePolicy").values()
        if queue_id in (referenced_id(queue) for queue in policy["Properties"]["Queues"])
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def payment_events_topic(template: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    [(topic_id, topic)] = [
        (logical_id, topic)
        for logical_id, topic in resources_of_type(template, "AWS::SNS::Topic").items()
        if topic["Properties"].get("DisplayName") == "payment_events"
    ]
    return topic_id, topic


DENY_WITHOUT_TLS = {"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}


def denies_requests_without_tls(statement: dict[str, Any]) -> bool:
    return all(statement.get(key) == value for key, value in DENY_WITHOUT_TLS.items())


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_payment_events_topic_is_encrypted_with_a_key_of_the_stack(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    _, topic = payment_events_topic(template)
    key_id = referenced_id(topic["Properties"]["KmsMasterKeyId"])
    assert template["Resources"][key_id]["Type"] == "AWS::KMS::Key"


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_every_topic_denies_publishing_without_tls(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    protected = {
        referenced_id(topic_ref)
        for policy in resources_of_type(template, "AWS::SNS::TopicPolicy").values()
        if any(denies_requests_without_tls(s) for s in policy["Properties"]["PolicyDocument"]["Statement"])
        for topic_ref in policy["Properties"]["Topics"]
    }
    assert protected == set(resources_of_type(template, "AWS::SNS::Topic"))


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_processor_receives_only_the_processor_statuses_and_the_auditor_everything(
    assembly: Any, stack: str
) -> None:
    assert filter_policies(assembly.templates[stack]) == {
        "transaction_processor": {"status": list(PROCESSOR_STATUSES)},
        "audit_logger": None,
    }


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("consumer", CONSUMERS)
def test_each_subscription_delivers_raw_messages_from_the_payment_events_topic(
    assembly: Any, stack: str, consumer: str
) -> None:
    template = assembly.templates[stack]
    topic_id, _ = payment_events_topic(template)
    queue_id, _ = consumer_queue(template, consumer)
    _, subscription = subscription_for_queue(template, queue_id)
    assert referenced_id(subscription["Properties"]["TopicArn"]) == topic_id
    assert subscription["Properties"]["RawMessageDelivery"] is True


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_each_consumer_reads_its_own_queue(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    queues = {consumer: consumer_queue(template, consumer)[0] for consumer in CONSUMERS}
    assert sorted(consumers(template)) == sorted(CONSUMERS)
    assert len(set(queues.values())) == len(CONSUMERS)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_every_queue_is_encrypted_with_a_key_of_the_stack(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    for queue in resources_of_type(template, "AWS::SQS::Queue").values():
        key_id = referenced_id(queue["Properties"]["KmsMasterKeyId"])
        assert template["Resources"][key_id]["Type"] == "AWS::KMS::Key"


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_every_queue_denies_requests_without_tls(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    for queue_id in resources_of_type(template, "AWS::SQS::Queue"):
        assert any(denies_requests_without_tls(s) for s in policy_statements_of_queue(template, queue_id)), (
            queue_id
        )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("consumer", CONSUMERS)
def test_a_message_moves_to_the_queue_dlq_after_max_receive_count_receives(
    assembly: Any, stack: str, consumer: str
) -> None:
    template = assembly.templates[stack]
    _, queue = consumer_queue(template, consumer)
    dlq_id, _ = dead_letter_queue_of(template, queue)
    assert queue["Properties"]["RedrivePolicy"]["maxReceiveCount"] == MAX_RECEIVE_COUNT == 4
    assert dlq_id in resources_of_type(template, "AWS::SQS::Queue")


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("consumer", CONSUMERS)
def test_the_visibility_timeout_is_at_least_six_function_timeouts(
    assembly: Any, stack: str, consumer: str
) -> None:
    template = assembly.templates[stack]
    _, function = function_by_handler(template, HANDLERS[consumer])
    _, queue = consumer_queue(template, consumer)
    timeout = function["Properties"]["Timeout"]
    assert queue["Properties"]["VisibilityTimeout"] >= VISIBILITY_TIMEOUT_FACTOR * timeout


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("consumer", CONSUMERS)
def test_the_event_source_reports_partial_batch_failures(assembly: Any, stack: str, consumer: str) -> None:
    template = assembly.templates[stack]
    function_id, _ = function_by_handler(template, HANDLERS[consumer])
    _, mapping = event_source_for_function(template, function_id)
    assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("consumer", CONSUMERS)
def test_the_event_source_never_outruns_the_reserved_concurrency(
    assembly: Any, stack: str, consumer: str
) -> None:
    template = assembly.templates[stack]
    function_id, function = function_by_handler(template, HANDLERS[consumer])
    _, mapping = event_source_for_function(template, function_id)
    maximum = mapping["Properties"]["ScalingConfig"]["MaximumConcurrency"]
    assert maximum <= function["Properties"]["ReservedConcurrentExecutions"]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("consumer", CONSUMERS)
def test_each_subscription_has_its_own_dead_letter_queue(assembly: Any, stack: str, consumer: str) -> None:
    template = assembly.templates[stack]
    queue_id, queue = consumer_queue(template, consumer)
    _, subscription = subscription_for_queue(template, queue_id)
    subscription_dlq = referenced_id(subscription["Properties"]["RedrivePolicy"]["deadLetterTargetArn"])
    assert subscription_dlq in resources_of_type(template, "AWS::SQS::Queue")
    assert subscription_dlq not in (queue_id, dead_letter_queue_of(template, queue)[0])


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("consumer", CONSUMERS)
def test_sns_may_send_to_the_subscription_dlq_only_from_the_topic(
    assembly: Any, stack: str, consumer: str
) -> None:
    template = assembly.templates[stack]
    topic_id, _ = payment_events_topic(template)
    queue_id, _ = consumer_queue(template, consumer)
    _, subscription = subscription_for_queue(template, queue_id)
    dlq_id = referenced_id(subscription["Properties"]["RedrivePolicy"]["deadLetterTargetArn"])
    [grant] = [s for s in policy_statements_of_queue(template, dlq_id) if s["Effect"] == "Allow"]
    assert grant["Principal"] == {"Service": "sns.amazonaws.com"}
    assert grant["Action"] == "sqs:SendMessage"
    assert referenced_id(grant["Condition"]["ArnEquals"]["aws:SourceArn"]) == topic_id


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("consumer", CONSUMERS)
def test_sns_may_use_the_queue_key_only_when_delivering_from_the_topic(
    assembly: Any, stack: str, consumer: str
) -> None:
    template = assembly.templates[stack]
    topic_id, _ = payment_events_topic(template)
    _, queue = consumer_queue(template, consumer)
    key = template["Resources"][referenced_id(queue["Properties"]["KmsMasterKeyId"])]
    sns_grants = [
        statement
        for statement in key["Properties"]["KeyPolicy"]["Statement"]
        if statement.get("Principal") == {"Service": "sns.amazonaws.com"}
    ]
    sources = [referenced_id(grant["Condition"]["ArnEquals"]["aws:SourceArn"]) for grant in sns_grants]
    assert topic_id in sources
    assert all(source in resources_of_type(template, "AWS::SNS::Topic") for source in sources)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_webhook_handler_writes_unpublished_events_to_its_own_dlq(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    _, handler = function_by_handler(template, HANDLERS["webhook_handler"])
    dlq_id = referenced_id(handler["Properties"]["Environment"]["Variables"]["DLQ_URL"])
    consumer_dlqs = {
        dead_letter_queue_of(template, consumer_queue(template, consumer)[1])[0] for consumer in CONSUMERS
    }
    assert dlq_id in resources_of_type(template, "AWS::SQS::Queue")
    assert dlq_id not in consumer_dlqs
