"""Idempotent writes: conditional PutItem, a repeat is not an error, anything else is."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from fintech_common.dynamo import put_if_absent
from tests.webhook_testkit import stubbable_client

ITEM = {"transaction_id": {"S": "txn_1"}, "timestamp": {"S": "2026-11-23T10:00:00Z"}}


def test_the_write_is_conditional_on_the_key_being_new() -> None:
    client = stubbable_client("dynamodb")
    with Stubber(client) as stub:
        stub.add_response(
            "put_item",
            {},
            {
                "TableName": "transactions",
                "Item": ITEM,
                "ConditionExpression": "attribute_not_exists(transaction_id)",
            },
        )
        assert put_if_absent(client, table="transactions", item=ITEM, key_attribute="transaction_id") is True
        stub.assert_no_pending_responses()


def test_a_failed_condition_is_a_duplicate() -> None:
    client = stubbable_client("dynamodb")
    with Stubber(client) as stub:
        stub.add_client_error("put_item", service_error_code="ConditionalCheckFailedException")
        assert put_if_absent(client, table="transactions", item=ITEM, key_attribute="transaction_id") is False


@pytest.mark.parametrize(
    "code", ["ProvisionedThroughputExceededException", "AccessDeniedException", "ValidationException"]
)
def test_any_other_failure_propagates(code: str) -> None:
    client = stubbable_client("dynamodb")
    with Stubber(client) as stub:
        stub.add_client_error("put_item", service_error_code=code)
        with pytest.raises(ClientError, match=code):
            put_if_absent(client, table="transactions", item=ITEM, key_attribute="transaction_id")
