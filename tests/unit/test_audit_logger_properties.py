"""Properties of audit_logger: PutItem only, every failure reported, the event kept verbatim (WH-14)."""

from __future__ import annotations

from botocore.stub import ANY, Stubber
from hypothesis import given
from hypothesis import strategies as st

from audit_logger.service import Dependencies, handle_batch
from fintech_common.currencies import MINOR_UNITS
from fintech_common.emf import Metrics
from fintech_common.log import Logger
from tests.webhook_testkit import NOW, SIGNED_AT, Payload, sqs_event, stubbable_client, valid_payloads
from webhook_handler.event import build_event
from webhook_handler.validation import parse_body, validate_payload

CLIENT = stubbable_client("dynamodb")
DEPENDENCIES = Dependencies(
    dynamodb=CLIENT,
    table="audit_logs",
    metrics=Metrics(namespace="FinTech/Payments", environment="test"),
    logger=Logger(service="audit_logger"),
)
CONDITION = "attribute_not_exists(event_id)"
ENTRY_ATTRIBUTES = (
    "event_id",
    "timestamp",
    "transaction_id",
    "event_type",
    "status",
    "amount",
    "currency",
    "event",
    "logged_at",
)
OUTCOMES = st.sampled_from(
    [
        "written",
        "duplicate",
        "ProvisionedThroughputExceededException",
        "InternalServerError",
        "AccessDeniedException",
        "ItemCollectionSizeLimitExceededException",
    ]
)
PAYLOADS = valid_payloads(st.sampled_from(sorted(MINOR_UNITS)))


def event_body(payload: Payload) -> str:
    return build_event(
        validate_payload(parse_body(payload.body)), signed_at=SIGNED_AT, received_at=NOW
    ).to_json()


@given(bodies=st.lists(st.text(max_size=200), min_size=1, max_size=10))
def test_arbitrary_bodies_never_raise_and_are_all_reported(bodies: list[str]) -> None:
    with Stubber(CLIENT):
        response = handle_batch(sqs_event(*bodies), DEPENDENCIES)
    assert response == {"batchItemFailures": [{"itemIdentifier": f"msg-{n}"} for n in range(len(bodies))]}


@given(batch=st.lists(st.tuples(PAYLOADS, OUTCOMES), min_size=1, max_size=6))
def test_no_failed_write_is_ever_swallowed(batch: list[tuple[Payload, str]]) -> None:
    # GIVEN valid events, and a table that accepts, already holds, or fails each entry; only
    # PutItem is answered, so any other call (Get, Update, Query) would fail the batch
    with Stubber(CLIENT) as stub:
        for _, outcome in batch:
            expected = {"TableName": "audit_logs", "Item": ANY, "ConditionExpression": CONDITION}
            if outcome == "written":
                stub.add_response("put_item", {}, expected)
            elif outcome == "duplicate":
                stub.add_client_error("put_item", "ConditionalCheckFailedException", expected_params=expected)
            else:
                stub.add_client_error("put_item", outcome, expected_params=expected)
        # WHEN the batch is processed
        response = handle_batch(sqs_event(*(event_body(payload) for payload, _ in batch)), DEPENDENCIES)
        stub.assert_no_pending_responses()
    # THEN every failed write goes back to SQS, and nothing else does
    failed = [f"msg-{n}" for n, (_, outcome) in enumerate(batch) if outcome not in {"written", "duplicate"}]
    assert [failure["itemIdentifier"] for failure in response["batchItemFailures"]] == failed


@given(payload=PAYLOADS)
def test_the_entry_keeps_the_event_verbatim_and_the_amount_exact(payload: Payload) -> None:
    body = event_body(payload)
    item = {name: ANY for name in ENTRY_ATTRIBUTES} | {
        "event": {"S": body},
        "amount": {"N": format(payload.amount, "f")},
    }
    with Stubber(CLIENT) as stub:
        stub.add_response(
            "put_item", {}, {"TableName": "audit_logs", "Item": item, "ConditionExpression": CONDITION}
        )
        assert handle_batch(sqs_event(body), DEPENDENCIES) == {"batchItemFailures": []}
        stub.assert_no_pending_responses()
