"""WH-07: the template's filter policies, applied by SNS (moto), route each status as claimed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from policies.constants import PROCESSOR_STATUSES, TRANSACTION_STATUSES
from tests.template_queries import filter_policies

pytestmark = pytest.mark.synth
REGION = "eu-west-1"


@pytest.fixture
def routed(assembly: Any) -> Iterator[Any]:
    """GIVEN a topic with one queue per consumer, subscribed with the template's filter policies."""
    with mock_aws():
        sns = boto3.client("sns", region_name=REGION)
        sqs = boto3.client("sqs", region_name=REGION)
        topic_arn = sns.create_topic(Name="payment_events")["TopicArn"]
        queues = {}
        for consumer, policy in filter_policies(assembly.templates["Webhook-dev"]).items():
            url = sqs.create_queue(QueueName=consumer)["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
                "QueueArn"
            ]
            attributes = {"RawMessageDelivery": "true"}
            if policy is not None:
                attributes["FilterPolicy"] = json.dumps(policy)
            sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arn, Attributes=attributes)
            queues[consumer] = url

        def publish_and_collect(status: str) -> set[str]:
            sns.publish(
                TopicArn=topic_arn,
                Message=json.dumps({"status": status}),
                MessageAttributes={
                    "event_type": {"DataType": "String", "StringValue": f"transaction.{status}"},
                    "status": {"DataType": "String", "StringValue": status},
                },
            )
            return {
                consumer
                for consumer, url in queues.items()
                if sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages")
            }

        yield publish_and_collect


@pytest.mark.parametrize("status", TRANSACTION_STATUSES)
def test_each_status_reaches_the_processor_only_if_it_is_a_processor_status(routed: Any, status: str) -> None:
    # WHEN an event with this status is published THEN the processor gets it iff the claim says so
    assert ("transaction_processor" in routed(status)) is (status in PROCESSOR_STATUSES)


@pytest.mark.parametrize("status", TRANSACTION_STATUSES)
def test_every_status_reaches_the_audit_logger(routed: Any, status: str) -> None:
    assert "audit_logger" in routed(status)
