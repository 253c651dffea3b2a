"""GT-06 groundwork: every acknowledgment names one finding, carries a reason, and is used."""

from __future__ import annotations

import datetime as dt

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_sqs as sqs

from stacks.acknowledgments import AcknowledgmentRecord, acknowledge, acknowledgments_in

REASON = "The queue is itself a dead-letter queue, so it has no dead-letter queue of its own."


@pytest.fixture
def queue() -> sqs.Queue:
    return sqs.Queue(Stack(App(), "S"), "Q")


def test_acknowledge_records_finding_reason_owner_and_expiry(queue: sqs.Queue) -> None:
    # GIVEN a queue WHEN one finding is acknowledged on it
    acknowledge(queue, "AwsSolutions-SQS3", reason=REASON, expires="2027-05-31")
    # THEN the record is readable from the construct tree
    (record,) = acknowledgments_in(queue.node.scope)  # type: ignore[arg-type]
    assert record.finding == "AwsSolutions-SQS3"
    assert record.reason == REASON
    assert record.owner
    assert record.expires == dt.date(2027, 5, 31)
    assert record.path == "S/Q"


def test_acknowledge_refuses_a_short_reason(queue: sqs.Queue) -> None:
    with pytest.raises(ValueError, match="reason too short"):
        acknowledge(queue, "AwsSolutions-SQS3", reason="by design", expires="2027-05-31")


def test_acknowledge_refuses_a_malformed_expiry(queue: sqs.Queue) -> None:
    with pytest.raises(ValueError, match="is not YYYY-MM-DD"):
        acknowledge(queue, "AwsSolutions-SQS3", reason=REASON, expires="next year")


@pytest.mark.parametrize("finding", ["", "AwsSolutions", "AwsSolutions-SQS3 AwsSolutions-SQS4", "*"])
def test_acknowledge_refuses_anything_but_one_finding_id(queue: sqs.Queue, finding: str) -> None:
    with pytest.raises(ValueError, match="is not one finding id"):
        acknowledge(queue, finding, reason=REASON, expires="2027-05-31")


def test_an_acknowledgment_covers_its_construct_and_descendants_only() -> None:
    record = AcknowledgmentRecord(
        finding="AwsSolutions-IAM5[Resource::*]",
        reason=REASON,
        owner="o",
        expires=dt.date(2027, 1, 1),
        path="S/Fn",
    )
    assert record.covers("AwsSolutions-IAM5[Resource::*]", "S/Fn/ServiceRole/DefaultPolicy/Resource")
    assert record.covers("AwsSolutions-IAM5[Resource::*]", "S/Fn")
    assert not record.covers("AwsSolutions-IAM5[Resource::*]", "S/Fn2/ServiceRole")
    assert not record.covers("AwsSolutions-IAM4", "S/Fn/ServiceRole")


def test_every_acknowledgment_in_the_app_suppresses_a_real_finding(assembly) -> None:  # type: ignore[no-untyped-def]
    # GIVEN the app synthesized with acknowledgments recorded, not applied
    # THEN each one matches a finding that cdk-nag actually reported
    stale = [f"{r.finding} on {r.path}" for r in assembly.stale_acknowledgments]
    assert stale == []


def test_every_acknowledgment_in_the_app_has_an_owner_and_a_future_expiry(assembly) -> None:  # type: ignore[no-untyped-def]
    records = acknowledgments_in(assembly.app)
    assert records, "the app acknowledges some findings; the record must be readable"
    expired = [f"{r.finding} on {r.path} ({r.expires})" for r in records if r.expires <= dt.date.today()]
    assert expired == []
    assert all(r.owner for r in records)


def test_no_unacknowledged_cdk_nag_error_anywhere_in_the_app(assembly) -> None:  # type: ignore[no-untyped-def]
    assert assembly.violations_under("") == []


def test_a_checkov_acknowledgment_becomes_a_checkov_skip_on_the_resource(queue: sqs.Queue) -> None:
    acknowledge(queue, "CKV_AWS_27", reason=REASON, expires="2027-05-31")
    resource = queue.node.default_child
    assert resource.get_metadata("checkov") == {"skip": [{"id": "CKV_AWS_27", "comment": REASON}]}  # type: ignore[union-attr]
    (record,) = acknowledgments_in(queue)
    assert record.tool == "checkov"
