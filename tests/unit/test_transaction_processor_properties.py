"""Properties of transaction_processor: no input makes it raise, and no failed write is ever lost."""

from __future__ import annotations

from botocore.stub import ANY, Stubber
from hypothesis import given
from hypothesis import strategies as st

from fintech_common.currencies import MINOR_UNITS
from fintech_common.emf import Metrics
from fintech_common.log import Logger
from tests.webhook_testkit import NOW, SIGNED_AT, Payload, sqs_event, stubbable_client, valid_payloads
from transaction_processor.service import Dependencies, handle_batch
from webhook_handler.event import build_event
from webhook_handler.validation import parse_body, validate_payload

CLIENT = stubbable_client("dynamodb")
DEPENDENCIES = Dependencies(
    dynamodb=CLIENT,
    table="transactions",
    metrics=Metrics(namespace="FinTech/Payments", environment="test"),
    logger=Logger(service="transaction_processor"),
)
OUTCOMES = st.sampled_from(
    [
        "written",
        "duplicate",
        "ProvisionedThroughputExceededException",
        "InternalServerError",
        "AccessDeniedException",
        "ValidationException",
    ]
)


def event_body(payload: Payload) -> str:
    return build_event(
        validate_payload(parse_body(payload.body)), signed_at=SIGNED_AT, received_at=NOW
    ).to_json()


@given(bodies=st.lists(st.text(max_size=200), min_size=1, max_size=10))
def test_arbitrary_bodies_never_raise_and_are_all_reported(bodies: list[str]) -> None:
    # GIVEN messages that are not transaction events; no DynamoDB call is answered
    with Stubber(CLIENT):
        response = handle_batch(sqs_event(*bodies), DEPENDENCIES)
    # THEN every one of them goes back to SQS
    assert response == {"batchItemFailures": [{"itemIdentifier": f"msg-{n}"} for n in range(len(bodies))]}


@given(
    batch=st.lists(
        st.tuples(valid_payloads(st.sampled_from(sorted(MINOR_UNITS))), OUTCOMES), min_size=1, max_size=6
    )
)
def test_exactly_the_failed_writes_are_reported(batch: list[tuple[Payload, str]]) -> None:
    # GIVEN valid events whose writes succeed, find their row already there, or fail
    with Stubber(CLIENT) as stub:
        for _, outcome in batch:
            expected = {
                "TableName": "transactions",
                "Item": ANY,
                "ConditionExpression": "attribute_not_exists(transaction_id)",
            }
            if outcome == "written":
                stub.add_response("put_item", {}, expected)
            elif outcome == "duplicate":
                stub.add_client_error("put_item", "ConditionalCheckFailedException", expected_params=expected)
            else:
                stub.add_client_error("put_item", outcome, expected_params=expected)
        # WHEN the batch is processed
        response = handle_batch(sqs_event(*(event_body(payload) for payload, _ in batch)), DEPENDENCIES)
        stub.assert_no_pending_responses()
    # THEN exactly the failed ones go back to SQS; written and duplicate ones are done
    failed = [f"msg-{n}" for n, (_, outcome) in enumerate(batch) if outcome not in {"written", "duplicate"}]
    assert [failure["itemIdentifier"] for failure in response["batchItemFailures"]] == failed


ITEM_ATTRIBUTES = (
    "transaction_id",
    "timestamp",
    "event_id",
    "event_type",
    "amount",
    "currency",
    "status",
    "received_at",
    "processed_at",
)


@given(payload=valid_payloads(st.sampled_from(sorted(MINOR_UNITS))))
def test_the_amount_written_is_the_webhooks_amount_to_the_last_digit(payload: Payload) -> None:
    # GIVEN the event of a valid webhook
    item = {name: ANY for name in ITEM_ATTRIBUTES} | {"amount": {"N": format(payload.amount, "f")}}
    with Stubber(CLIENT) as stub:
        # THEN the row written carries the webhook's amount, digit for digit, at the currency's precision
        stub.add_response(
            "put_item", {}, {"TableName": "transactions", "Item": item, "ConditionExpression": ANY}
        )
        # WHEN the event is processed
        assert handle_batch(sqs_event(event_body(payload)), DEPENDENCIES) == {"batchItemFailures": []}
        stub.assert_no_pending_responses()
