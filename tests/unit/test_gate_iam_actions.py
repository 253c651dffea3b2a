"""MW-05: the IAM action each AWS call needs, from botocore's own service models."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest

from tools.gate.iam_actions import of_operation

SESSION = botocore.session.get_session()


def actions(service: str, operation: str, params: dict[str, Any] | None = None) -> tuple[str, ...]:
    model = SESSION.get_service_model(service).operation_model(operation)
    return of_operation(model, params or {})


@pytest.mark.parametrize(
    ("service", "operation", "expected"),
    [
        ("dynamodb", "PutItem", "dynamodb:PutItem"),
        ("sns", "Publish", "sns:Publish"),
        ("sqs", "SendMessage", "sqs:SendMessage"),
        ("secretsmanager", "GetSecretValue", "secretsmanager:GetSecretValue"),
        ("stepfunctions", "StartExecution", "states:StartExecution"),
    ],
)
def test_an_operation_needs_the_action_of_its_signing_name_and_name(
    service: str, operation: str, expected: str
) -> None:
    assert actions(service, operation) == (expected,)


@pytest.mark.parametrize(
    ("service", "operation", "expected"),
    [
        ("sqs", "SendMessageBatch", ("sqs:SendMessage",)),
        ("sqs", "DeleteMessageBatch", ("sqs:DeleteMessage",)),
        ("sns", "PublishBatch", ("sns:Publish",)),
        ("lambda", "Invoke", ("lambda:InvokeFunction",)),
        ("s3", "ListObjectsV2", ("s3:ListBucket",)),
        ("s3", "HeadObject", ("s3:GetObject",)),
        ("s3", "CopyObject", ("s3:GetObject", "s3:PutObject")),
        ("sts", "GetCallerIdentity", ()),
    ],
)
def test_operations_authorized_by_another_action_need_that_action(
    service: str, operation: str, expected: tuple[str, ...]
) -> None:
    assert actions(service, operation) == expected


def test_a_write_transaction_needs_the_action_of_each_kind_of_item_it_holds() -> None:
    items = [{"Put": {}}, {"Update": {}}, {"Put": {}}, {"ConditionCheck": {}}]
    assert actions("dynamodb", "TransactWriteItems", {"TransactItems": items}) == (
        "dynamodb:ConditionCheckItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
    )
