"""WH-10, WH-14, MW-03, MW-06: the transactions and audit_logs tables."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk.assertions import Match

from tests.template_queries import function_by_handler, referenced_id, resources_of_type
from tests.webhook_stack import HANDLERS, WEBHOOK_STACKS, cdk_template

pytestmark = pytest.mark.synth
KEYS = {"transactions": ("transaction_id", "timestamp"), "audit_logs": ("event_id", "timestamp")}
APPEND_ONLY_DENIED = {
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
}


def table_name(stack: str, name: str) -> str:
    """The claimed table name suffixed with the stack's environment, e.g. `audit_logs-prod`."""
    return f"{name}-{stack.split('-', 1)[1]}"


def table(template: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    [(logical_id, resource)] = [
        (logical_id, resource)
        for logical_id, resource in resources_of_type(template, "AWS::DynamoDB::Table").items()
        if resource["Properties"]["TableName"].split("-")[0] == name
    ]
    return logical_id, resource


def resource_policy(template: dict[str, Any]) -> list[dict[str, Any]]:
    _, audit = table(template, "audit_logs")
    return list(audit["Properties"]["ResourcePolicy"]["PolicyDocument"]["Statement"])


def actions(statement: dict[str, Any]) -> set[str]:
    value = statement["Action"]
    return set(value if isinstance(value, list) else [value])


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", KEYS)
def test_the_table_has_the_claimed_string_keys(assembly: Any, stack: str, name: str) -> None:
    _, resource = table(assembly.templates[stack], name)
    partition, sort = KEYS[name]
    assert resource["Properties"]["KeySchema"] == [
        {"AttributeName": partition, "KeyType": "HASH"},
        {"AttributeName": sort, "KeyType": "RANGE"},
    ]
    assert resource["Properties"]["AttributeDefinitions"] == [
        {"AttributeName": partition, "AttributeType": "S"},
        {"AttributeName": sort, "AttributeType": "S"},
    ]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", KEYS)
def test_the_table_is_on_demand(assembly: Any, stack: str, name: str) -> None:
    cdk_template(assembly, stack).has_resource_properties(
        "AWS::DynamoDB::Table", {"TableName": table_name(stack, name), "BillingMode": "PAY_PER_REQUEST"}
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", KEYS)
def test_the_table_has_point_in_time_recovery(assembly: Any, stack: str, name: str) -> None:
    cdk_template(assembly, stack).has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "TableName": table_name(stack, name),
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        },
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", KEYS)
def test_the_table_is_encrypted_with_a_customer_managed_key_of_the_stack(
    assembly: Any, stack: str, name: str
) -> None:
    template = cdk_template(assembly, stack)
    key_ids = list(template.find_resources("AWS::KMS::Key"))
    template.has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "TableName": table_name(stack, name),
            "SSESpecification": {
                "SSEEnabled": True,
                "SSEType": "KMS",
                "KMSMasterKeyId": Match.any_value(),
            },
        },
    )
    sse = table(assembly.templates[stack], name)[1]["Properties"]["SSESpecification"]
    assert referenced_id(sse["KMSMasterKeyId"]) in key_ids


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", KEYS)
def test_the_table_has_deletion_protection(assembly: Any, stack: str, name: str) -> None:
    cdk_template(assembly, stack).has_resource_properties(
        "AWS::DynamoDB::Table", {"TableName": table_name(stack, name), "DeletionProtectionEnabled": True}
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", KEYS)
def test_the_table_is_retained_when_the_stack_is_deleted(assembly: Any, stack: str, name: str) -> None:
    cdk_template(assembly, stack).has_resource(
        "AWS::DynamoDB::Table",
        {
            "Properties": Match.object_like({"TableName": table_name(stack, name)}),
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
        },
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", KEYS)
def test_the_table_name_carries_the_environment(assembly: Any, stack: str, name: str) -> None:
    assert table(assembly.templates[stack], name)[1]["Properties"]["TableName"] == table_name(stack, name)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_audit_entries_never_expire(assembly: Any, stack: str) -> None:
    assert "TimeToLiveSpecification" not in table(assembly.templates[stack], "audit_logs")[1]["Properties"]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_nobody_may_change_or_delete_an_audit_entry(assembly: Any, stack: str) -> None:
    [deny_all] = [
        statement
        for statement in resource_policy(assembly.templates[stack])
        if statement["Effect"] == "Deny" and "Condition" not in statement
    ]
    assert deny_all["Principal"] == {"AWS": "*"}
    assert actions(deny_all) >= APPEND_ONLY_DENIED
    assert "dynamodb:UpdateTimeToLive" in actions(deny_all)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_only_the_audit_logger_role_may_put_audit_entries(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    _, auditor = function_by_handler(template, HANDLERS["audit_logger"])
    [deny_others] = [statement for statement in resource_policy(template) if "Condition" in statement]
    assert (deny_others["Effect"], actions(deny_others)) == ("Deny", {"dynamodb:PutItem"})
    assert deny_others["Principal"] == {"AWS": "*"}
    assert deny_others["Condition"]["ArnNotEquals"]["aws:PrincipalArn"] == auditor["Properties"]["Role"]
