"""MW-05 by use: a Lambda role held against its function's observed calls, on small templates.

Each template has one function, `Fn` (handler `fn.handler.lambda_handler`), with its role, its own
log group and one customer-managed policy; each test changes one thing.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from policies.aws_managed_policies import AWS_MANAGED_POLICIES
from tools.gate.inventory import Inventory
from tools.gate.least_privilege import compare
from tools.gate.least_privilege_verdict import CLAIM, VERIFIER_ID, evaluation, findings, verifier_result
from tools.gate.model import FunctionPrivileges, PrivilegeEntry

HANDLER = "fn.handler.lambda_handler"
STACK = "Small-dev"
POLICY_PATH = "Small-dev/Fn/Policy/Resource"
LOGS = ("logs:CreateLogStream", "logs:PutLogEvents")
UNUSED = "granted, but neither called by the function nor used by AWS on its behalf"


def statement(actions: list[str] | str, resource: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resource}


def arn_of(logical_id: str) -> dict[str, Any]:
    return {"Fn::GetAtt": [logical_id, "Arn"]}


def template(
    *statements: dict[str, Any], function: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """`Fn` writing its log group, plus `statements` in its policy and `extra` resources."""
    return {
        "Resources": {
            "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Handler": HANDLER,
                    "Role": arn_of("FnRole"),
                    "LoggingConfig": {"LogGroup": {"Ref": "FnLogs"}},
                    **(function or {}),
                },
                "Metadata": {"aws:cdk:path": "Small-dev/Fn/Function/Resource"},
            },
            "FnRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {},
                "Metadata": {"aws:cdk:path": "Small-dev/Fn/Role"},
            },
            "FnLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {}},
            "FnPolicy": {
                "Type": "AWS::IAM::ManagedPolicy",
                "Properties": {
                    "Roles": [{"Ref": "FnRole"}],
                    "PolicyDocument": {"Statement": [statement(list(LOGS), arn_of("FnLogs")), *statements]},
                },
                "Metadata": {"aws:cdk:path": POLICY_PATH},
            },
            "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {}},
            **extra,
        }
    }


def only(small: dict[str, Any], observed: Inventory | None = None) -> FunctionPrivileges:
    (result,) = compare({STACK: small}, {HANDLER: {}} if observed is None else observed)
    return result


def put_item(*targets: str) -> Inventory:
    return {HANDLER: {"dynamodb:PutItem": frozenset(targets)}}


TABLE_ENVIRONMENT = {"Environment": {"Variables": {"TABLE": {"Ref": "Table"}}}}


def test_a_role_granting_exactly_its_calls_and_its_logs_passes() -> None:
    small = template(statement("dynamodb:PutItem", arn_of("Table")), function=TABLE_ENVIRONMENT)
    result = only(small, put_item("$TABLE"))
    assert (result.passed, result.used, result.granted) == (
        True,
        ("dynamodb:PutItem",),
        ("dynamodb:PutItem", *LOGS),
    )


def test_an_action_granted_but_never_called_is_unused_and_names_its_policy() -> None:
    # GIVEN a role that may also delete items, though the function only puts them
    small = template(
        statement(["dynamodb:PutItem", "dynamodb:DeleteItem"], arn_of("Table")), function=TABLE_ENVIRONMENT
    )
    # WHEN it is compared with the calls observed
    result = only(small, put_item("$TABLE"))
    # THEN DeleteItem is unused, and the finding names MW-05, the policy and its construct path
    assert result.unused == (
        PrivilegeEntry(
            action="dynamodb:DeleteItem",
            resource="Table",
            policy="FnPolicy",
            policy_path=POLICY_PATH,
            note=UNUSED,
        ),
    )
    (finding,) = findings([result])
    assert (finding.claims, finding.rule, finding.logical_id, finding.path) == (
        (CLAIM,),
        VERIFIER_ID,
        "FnPolicy",
        POLICY_PATH,
    )
    assert "dynamodb:DeleteItem on Table" in finding.line()


def test_a_call_the_role_does_not_grant_is_missing() -> None:
    result = only(template(function=TABLE_ENVIRONMENT), put_item("$TABLE"))
    assert [(e.action, e.resource) for e in result.missing] == [("dynamodb:PutItem", "Table")]
    assert not result.passed


def test_a_grant_on_another_resource_than_the_one_called_is_unused_and_the_call_missing() -> None:
    small = template(
        statement("dynamodb:PutItem", arn_of("OtherTable")),
        function=TABLE_ENVIRONMENT,
        OtherTable={"Type": "AWS::DynamoDB::Table", "Properties": {}},
    )
    result = only(small, put_item("$TABLE"))
    assert [(e.action, e.resource) for e in result.unused] == [("dynamodb:PutItem", "OtherTable")]
    assert [(e.action, e.resource) for e in result.missing] == [("dynamodb:PutItem", "Table")]


def test_a_call_on_a_variable_the_template_does_not_pass_is_missing() -> None:
    result = only(template(statement("dynamodb:PutItem", arn_of("Table"))), put_item("$TABLE"))
    assert [(e.action, e.resource) for e in result.missing] == [("dynamodb:PutItem", "$TABLE")]


@pytest.mark.parametrize("action", ["dynamodb:*", "dynamodb:Put*", "*"])
def test_a_wildcard_action_is_flagged_never_matched(action: str) -> None:
    small = template(statement(action, arn_of("Table")), function=TABLE_ENVIRONMENT)
    result = only(small, put_item("$TABLE"))
    assert [(e.action, e.policy) for e in result.flagged] == [(action, "FnPolicy")]
    assert [e.action for e in result.missing] == ["dynamodb:PutItem"]
    assert not result.passed


def test_not_action_is_flagged() -> None:
    small = template({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
    assert [e.note for e in only(small).flagged] == ["NotAction grants everything it does not name"]


def test_a_function_the_inventory_does_not_know_fails_with_a_finding_on_the_function() -> None:
    result = only(template(), observed={})
    (finding,) = findings([result])
    assert (result.observation, result.passed) == ("none", False)
    assert (finding.logical_id, finding.claims) == ("Fn", (CLAIM,))
    assert "has no entry in policies/observed_calls.json" in finding.message


def test_writing_another_log_group_is_not_implicit() -> None:
    small = template(
        statement(list(LOGS), arn_of("OtherLogs")),
        OtherLogs={"Type": "AWS::Logs::LogGroup", "Properties": {}},
    )
    assert {(e.action, e.resource) for e in only(small).unused} == {(a, "OtherLogs") for a in LOGS}


XRAY = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]


def test_x_ray_writes_are_implicit_with_active_tracing() -> None:
    small = template(statement(XRAY, "*"), function={"TracingConfig": {"Mode": "Active"}})
    result = only(small)
    assert (result.passed, sorted(e.action for e in result.implicit)) == (True, sorted([*XRAY, *LOGS]))


def test_x_ray_writes_are_unused_without_active_tracing() -> None:
    assert sorted(e.action for e in only(template(statement(XRAY, "*"))).unused) == sorted(XRAY)


POLL = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
QUEUE_KEY = {"Key": {"Type": "AWS::KMS::Key", "Properties": {}}}
MAPPING = {
    "Type": "AWS::Lambda::EventSourceMapping",
    "Properties": {"FunctionName": {"Ref": "Fn"}, "EventSourceArn": arn_of("Queue")},
}


def queue(encrypted: bool) -> dict[str, Any]:
    properties = {"KmsMasterKeyId": arn_of("Key")} if encrypted else {}
    return {"Type": "AWS::SQS::Queue", "Properties": properties}


def test_polling_an_encrypted_queue_is_implicit_with_an_event_source_mapping() -> None:
    small = template(
        statement(POLL, arn_of("Queue")),
        statement("kms:Decrypt", arn_of("Key")),
        Queue=queue(encrypted=True),
        Mapping=MAPPING,
        **QUEUE_KEY,
    )
    result = only(small)
    assert result.passed
    assert {(e.action, e.resource) for e in result.implicit} >= {
        ("kms:Decrypt", "Key"),
        ("sqs:ReceiveMessage", "Queue"),
    }


def test_polling_grants_are_unused_without_an_event_source_mapping() -> None:
    small = template(
        statement(POLL, arn_of("Queue")),
        statement("kms:Decrypt", arn_of("Key")),
        Queue=queue(True),
        **QUEUE_KEY,
    )
    assert sorted(e.action for e in only(small).unused) == sorted([*POLL, "kms:Decrypt"])


def test_change_message_visibility_is_not_implicit_for_an_event_source_mapping() -> None:
    small = template(
        statement([*POLL, "sqs:ChangeMessageVisibility"], arn_of("Queue")),
        Queue=queue(False),
        Mapping=MAPPING,
    )
    assert [e.action for e in only(small).unused] == ["sqs:ChangeMessageVisibility"]


def test_decrypting_the_environment_is_implicit_only_when_there_is_an_environment() -> None:
    key = {"KmsKeyArn": arn_of("Key")}
    small = statement("kms:Decrypt", arn_of("Key"))
    with_variables = only(
        template(small, function={**key, "Environment": {"Variables": {"A": "b"}}}, **QUEUE_KEY)
    )
    without = only(template(small, function=key, **QUEUE_KEY))
    assert (
        [e.action for e in with_variables.implicit if e.action.startswith("kms")],
        without.unused[0].action,
    ) == (
        ["kms:Decrypt"],
        "kms:Decrypt",
    )


def test_the_key_of_an_encrypted_table_the_function_writes_is_implicit() -> None:
    small = template(
        statement("dynamodb:PutItem", arn_of("Table")),
        statement(["kms:Decrypt", "kms:DescribeKey"], arn_of("Key")),
        function=TABLE_ENVIRONMENT,
        **QUEUE_KEY,
    )
    small["Resources"]["Table"]["Properties"] = {"SSESpecification": {"KMSMasterKeyId": arn_of("Key")}}
    result = only(small, put_item("$TABLE"))
    assert result.passed
    assert {e.action for e in result.implicit} == {"kms:Decrypt", "kms:DescribeKey", *LOGS}


def test_an_aws_managed_policy_counts_with_its_published_actions() -> None:
    # GIVEN the role attaches AWSLambdaBasicExecutionRole (logs on "*", CreateLogGroup included)
    small = template()
    small["Resources"]["FnRole"]["Properties"]["ManagedPolicyArns"] = [
        {
            "Fn::Join": [
                "",
                [
                    "arn:",
                    {"Ref": "AWS::Partition"},
                    ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                ],
            ]
        }
    ]
    # THEN its CreateLogGroup is unused: the function's log group exists, nothing creates one
    result = only(small)
    assert [(e.action, e.resource, e.policy) for e in result.unused] == [
        ("logs:CreateLogGroup", "*", "aws-managed:service-role/AWSLambdaBasicExecutionRole")
    ]


def test_an_unknown_aws_managed_policy_is_flagged() -> None:
    small = template()
    small["Resources"]["FnRole"]["Properties"]["ManagedPolicyArns"] = [
        "arn:aws:iam::aws:policy/PowerUserAccess"
    ]
    assert [e.policy for e in only(small).flagged] == ["aws-managed:PowerUserAccess"]


def test_the_managed_policy_table_matches_the_documents_aws_publishes() -> None:
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    published = json.loads(aws_managed_policies_data)
    for name, actions in AWS_MANAGED_POLICIES.items():
        (document_statement,) = published[name.rsplit("/", 1)[-1]]["Document"]["Statement"]
        assert set(document_statement["Action"]) == set(actions), name


def test_inline_policies_count_and_a_shared_role_is_flagged() -> None:
    small = template()
    small["Resources"]["FnRole"]["Properties"]["Policies"] = [
        {"PolicyName": "Extra", "PolicyDocument": {"Statement": [statement("sns:Publish", "*")]}}
    ]
    small["Resources"]["Twin"] = {
        "Type": "AWS::Lambda::Function",
        "Properties": {"Handler": "twin.h", "Role": arn_of("FnRole")},
    }
    fn = next(r for r in compare({STACK: small}, {HANDLER: {}}) if r.logical_id == "Fn")
    assert [(e.action, e.policy) for e in fn.unused] == [("sns:Publish", "FnRole/Extra")]
    assert [e.note for e in fn.flagged] == ["role shared with Twin"]


def test_each_function_is_one_inventory_evaluation_of_mw05() -> None:
    passing = only(template())
    failing = only(template(statement("sns:Publish", "*")))
    verifier = verifier_result([passing, failing])
    assert (verifier.kind, verifier.id, verifier.ran, verifier.passed) == (
        "inventory",
        VERIFIER_ID,
        True,
        False,
    )
    assert [e.result for e in verifier.evaluations] == ["pass", "fail"]
    assert evaluation(failing).path == "Small-dev/Fn/Function/Resource"


def test_without_a_comparison_the_verifier_did_not_run() -> None:
    assert verifier_result(None).ran is False


def test_a_framework_function_is_declared_and_acknowledged_with_the_declarations_reason() -> None:
    from policies.framework_functions import RESTRICT_DEFAULT_SECURITY_GROUP as declared

    small = template(statement(list(declared.actions), "arn:aws:ec2:eu-west-1:1:security-group/sg-1"))
    small["Resources"]["Fn"]["Properties"]["Handler"] = declared.handler
    small["Resources"]["Fn"]["Metadata"]["aws:cdk:path"] = f"Small-dev/{declared.construct}/Handler"
    result = only(small, observed={})
    assert (result.observation, result.passed) == ("declared", True)
    assert (evaluation(result).result, evaluation(result).acknowledgment) == ("acknowledged", declared.reason)
