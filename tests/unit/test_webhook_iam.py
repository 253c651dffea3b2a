"""MW-05, WH-09, WH-14: one least-privilege role per function, and API Gateway's logging role."""

from __future__ import annotations

from typing import Any

import pytest

from tests.template_queries import (
    as_list,
    function_by_handler,
    policy_statements,
    queue_for_function,
    referenced_id,
    resources_of_type,
)
from tests.webhook_stack import HANDLERS, WEBHOOK_STACKS

pytestmark = pytest.mark.synth
UNSCOPABLE_ACTIONS = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
STANDARD_ACTIONS = {"logs:CreateLogStream", "logs:PutLogEvents", "kms:Decrypt", *UNSCOPABLE_ACTIONS}


def role_statements(template: dict[str, Any], name: str) -> list[dict[str, Any]]:
    _, function = function_by_handler(template, HANDLERS[name])
    return policy_statements(template, referenced_id(function["Properties"]["Role"]))


def every_statement(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        statement
        for policy_type in ("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy")
        for policy in resources_of_type(template, policy_type).values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ] + [
        statement
        for role in resources_of_type(template, "AWS::IAM::Role").values()
        for inline in role["Properties"].get("Policies", [])
        for statement in inline["PolicyDocument"]["Statement"]
    ]


def grants(statements: list[dict[str, Any]], service: str) -> dict[str, set[str | None]]:
    """{action of `service`: the logical ids of the resources it is allowed on}."""
    found: dict[str, set[str | None]] = {}
    for statement in statements:
        for action in as_list(statement["Action"]):
            if action.startswith(f"{service}:"):
                found.setdefault(action, set()).update(
                    referenced_id(r) for r in as_list(statement["Resource"])
                )
    return found


def resource_named(template: dict[str, Any], resource_type: str, contains: str) -> str:
    [logical_id] = [
        logical_id for logical_id in resources_of_type(template, resource_type) if contains in logical_id
    ]
    return logical_id


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_no_statement_allows_every_action_or_every_action_of_a_service(assembly: Any, stack: str) -> None:
    for statement in every_statement(assembly.templates[stack]):
        assert not any(action == "*" or action.endswith(":*") for action in as_list(statement["Action"])), (
            statement
        )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_only_actions_aws_cannot_scope_are_allowed_on_every_resource(assembly: Any, stack: str) -> None:
    for statement in every_statement(assembly.templates[stack]):
        if "*" in as_list(statement["Resource"]):
            assert set(as_list(statement["Action"])) <= UNSCOPABLE_ACTIONS, statement


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_no_role_carries_an_aws_managed_policy(assembly: Any, stack: str) -> None:
    for role in resources_of_type(assembly.templates[stack], "AWS::IAM::Role").values():
        assert "ManagedPolicyArns" not in role["Properties"]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_no_inline_policy_is_used(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    assert resources_of_type(template, "AWS::IAM::Policy") == {}
    assert all(
        "Policies" not in role["Properties"]
        for role in resources_of_type(template, "AWS::IAM::Role").values()
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_each_function_role_only_lambda_may_assume(assembly: Any, stack: str, name: str) -> None:
    template = assembly.templates[stack]
    _, function = function_by_handler(template, HANDLERS[name])
    role = template["Resources"][referenced_id(function["Properties"]["Role"])]
    [trust] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert (trust["Principal"], trust["Action"]) == ({"Service": "lambda.amazonaws.com"}, "sts:AssumeRole")


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_each_function_may_write_only_its_own_log_group(assembly: Any, stack: str, name: str) -> None:
    template = assembly.templates[stack]
    _, function = function_by_handler(template, HANDLERS[name])
    own = referenced_id(function["Properties"]["LoggingConfig"]["LogGroup"])
    assert grants(role_statements(template, name), "logs") == {
        "logs:CreateLogStream": {own},
        "logs:PutLogEvents": {own},
    }


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_audit_logger_may_only_put_items_into_the_audit_log(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    audit_table = resource_named(template, "AWS::DynamoDB::Table", "AuditLogs")
    assert grants(role_statements(template, "audit_logger"), "dynamodb") == {
        "dynamodb:PutItem": {audit_table}
    }


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_transaction_processor_may_only_put_items_into_transactions(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    transactions = resource_named(template, "AWS::DynamoDB::Table", "Transactions")
    assert grants(role_statements(template, "transaction_processor"), "dynamodb") == {
        "dynamodb:PutItem": {transactions}
    }


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", ["transaction_processor", "audit_logger"])
def test_a_consumer_may_only_consume_its_own_queue(assembly: Any, stack: str, name: str) -> None:
    template = assembly.templates[stack]
    function_id, _ = function_by_handler(template, HANDLERS[name])
    queue_id, _ = queue_for_function(template, function_id)
    sqs = grants(role_statements(template, name), "sqs")
    assert set(sqs) == {
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
    }
    assert all(resources == {queue_id} for resources in sqs.values())


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_webhook_handler_may_publish_only_to_the_payment_events_topic(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    topic = resource_named(template, "AWS::SNS::Topic", "PaymentEvents")
    assert grants(role_statements(template, "webhook_handler"), "sns") == {"sns:Publish": {topic}}


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_webhook_handler_may_only_send_to_its_own_dlq(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    _, handler = function_by_handler(template, HANDLERS["webhook_handler"])
    dlq = referenced_id(handler["Properties"]["Environment"]["Variables"]["DLQ_URL"])
    assert grants(role_statements(template, "webhook_handler"), "sqs") == {"sqs:SendMessage": {dlq}}


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_webhook_handler_may_only_read_the_signing_secret(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    secret = next(iter(resources_of_type(template, "AWS::SecretsManager::Secret")))
    assert grants(role_statements(template, "webhook_handler"), "secretsmanager") == {
        "secretsmanager:GetSecretValue": {secret}
    }


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_every_kms_grant_is_bound_to_a_service_or_an_encryption_context(
    assembly: Any, stack: str, name: str
) -> None:
    for statement in role_statements(assembly.templates[stack], name):
        if any(action.startswith("kms:") for action in as_list(statement["Action"])):
            condition = statement["Condition"]["StringEquals"]
            assert set(condition) & {"kms:ViaService", "kms:EncryptionContext:aws:lambda:FunctionArn"}, (
                statement
            )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_no_function_role_holds_actions_beyond_its_purpose(assembly: Any, stack: str, name: str) -> None:
    purpose = {
        "webhook_handler": {
            "sns:Publish",
            "sqs:SendMessage",
            "secretsmanager:GetSecretValue",
            "kms:GenerateDataKey",
        },
        "transaction_processor": {
            "dynamodb:PutItem",
            "kms:DescribeKey",
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
        },
        "audit_logger": {
            "dynamodb:PutItem",
            "kms:DescribeKey",
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
        },
    }[name]
    held = {
        action for s in role_statements(assembly.templates[stack], name) for action in as_list(s["Action"])
    }
    assert held <= STANDARD_ACTIONS | purpose


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_api_gateways_logging_role_may_only_write_the_apis_two_log_groups(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    [(_, account)] = resources_of_type(template, "AWS::ApiGateway::Account").items()
    role_id = referenced_id(account["Properties"]["CloudWatchRoleArn"])
    statements = policy_statements(template, role_id)
    stage = next(iter(resources_of_type(template, "AWS::ApiGateway::Stage").values()))
    access_logs = referenced_id(stage["Properties"]["AccessLogSetting"]["DestinationArn"])
    allowed = {referenced_id(r) for s in statements for r in as_list(s["Resource"])}
    assert all(
        action.startswith("logs:") and action != "logs:CreateLogGroup"
        for s in statements
        for action in as_list(s["Action"])
    )
    assert access_logs in allowed
    assert len(allowed) == 2
