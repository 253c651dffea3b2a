"""The project's cdk-nag pack (GT-02, GT-05): every rule on a compliant and a non-compliant small app,
the evidence it writes during synthesis, and the real app passing every rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aws_cdk import CfnOutput, Stack, Validations
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from policies.constants import NAG_EVIDENCE_FILE
from policies.nag.pack import FinTechChecks
from policies.nag.rules import RULES, rule_ids
from stacks.acknowledgments import acknowledge
from tests.compliance.nag_scenarios import (
    OTHER_CODE,
    environments,
    function,
    new_app,
    run,
    stacks,
)

REASON = "A test acknowledgment whose reason is long enough for an auditor to read it."


def test_the_pack_has_these_rules_each_naming_its_claims() -> None:
    assert {rule.id: rule.claims for rule in RULES} == {
        "FinTech-EnvParity": ("MW-09",),
        "FinTech-OperatorOutputs": ("TX-12",),
        "FinTech-DlqReplayOutputs": ("WH-09",),
        "FinTech-LambdaCodeAsset": ("MW-01",),
        "FinTech-OwnRole": ("MW-05",),
        "FinTech-NoGrantPolicy": ("MW-05",),
    }
    assert rule_ids() == tuple(rule.id for rule in RULES)


# --- FinTech-EnvParity (MW-09) ---


def test_resources_at_the_same_path_in_both_environments_pass_parity() -> None:
    app = new_app()
    for stack in stacks(app, "Ledger"):
        sqs.Queue(stack, "Queue")
    outcome = run(app)
    assert outcome.of("FinTech-EnvParity") == {
        "Ledger-dev/Queue/Resource": True,
        "Ledger-prod/Queue/Resource": True,
    }


def test_a_resource_only_one_environment_has_fails_parity() -> None:
    app = new_app()
    dev, prod = stacks(app, "Ledger")
    sqs.Queue(dev, "Queue")
    sqs.Queue(prod, "Queue")
    sqs.Queue(prod, "Extra")
    outcome = run(app)
    assert outcome.of("FinTech-EnvParity")["Ledger-prod/Extra/Resource"] is False
    assert (
        outcome.messages["FinTech-EnvParity", "Ledger-prod/Extra/Resource"] == "no counterpart in Ledger-dev"
    )
    assert outcome.violations == {("FinTech-EnvParity", "Ledger-prod/Extra/Resource")}


def test_a_resource_of_another_type_at_the_same_path_fails_parity() -> None:
    app = new_app()
    dev, prod = stacks(app, "Ledger")
    sqs.CfnQueue(dev, "Store")
    sns.CfnTopic(prod, "Store")
    assert set(run(app).of("FinTech-EnvParity").values()) == {False}


def test_construct_ids_holding_the_stack_unique_id_are_compared_without_the_environment() -> None:
    app = new_app()
    for stack in stacks(app, "Ledger"):
        queue = sqs.Queue(stack, "Queue")
        sns.Topic(stack, "Topic").add_subscription(subscriptions.SqsSubscription(queue))
    verdicts = run(app).of("FinTech-EnvParity")
    assert "Ledger-dev/Queue/LedgerdevTopic155AEA9D/Resource" in verdicts
    assert set(verdicts.values()) == {True}


def nat_gateways(stack: Stack, count: int) -> None:
    """The paths `ec2.Vpc` gives the NAT gateways of its `public` subnets, as bare L1s."""
    vpc = Construct(Construct(stack, "Network"), "Vpc")
    for subnet in range(1, count + 1):
        scope = Construct(vpc, f"publicSubnet{subnet}")
        eip = ec2.CfnEIP(scope, "EIP")
        ec2.CfnNatGateway(scope, "NATGateway", subnet_id="subnet-1", allocation_id=eip.attr_allocation_id)


def test_nat_gateways_only_prod_has_pass_when_the_configuration_asks_for_them() -> None:
    app = new_app()
    dev, prod = stacks(app, "WebApp")
    nat_gateways(dev, 1)
    nat_gateways(prod, 3)
    outcome = run(app, config=environments(dev_nat_gateways=1, prod_nat_gateways=3))
    assert outcome.of("FinTech-EnvParity")["WebApp-prod/Network/Vpc/publicSubnet3/NATGateway"] is True
    assert outcome.violations == set()


def test_nat_gateways_the_configuration_does_not_ask_for_fail_parity() -> None:
    app = new_app()
    dev, prod = stacks(app, "WebApp")
    nat_gateways(dev, 1)
    nat_gateways(prod, 3)
    outcome = run(app, config=environments(dev_nat_gateways=1, prod_nat_gateways=1))
    path = "WebApp-prod/Network/Vpc/publicSubnet3/NATGateway"
    assert outcome.of("FinTech-EnvParity")[path] is False
    assert outcome.messages["FinTech-EnvParity", path] == (
        "present in WebApp-prod, where webapp.nat_gateways is below 3"
    )


def test_parity_does_not_apply_when_one_environment_is_validated_alone() -> None:
    app = new_app()
    sqs.Queue(Stack(app, "Ledger-dev"), "Queue")
    assert run(app).of("FinTech-EnvParity") == {}


# --- FinTech-OperatorOutputs (TX-12) ---


def sessions_table(stack: Stack) -> dynamodb.Table:
    return dynamodb.Table(
        stack,
        "Sessions",
        partition_key=dynamodb.Attribute(name="sessionId", type=dynamodb.AttributeType.STRING),
    )


def test_a_web_app_table_with_an_exported_output_passes() -> None:
    app = new_app()
    stack = Stack(app, "WebApp-dev")
    CfnOutput(
        stack, "SessionsTableName", value=sessions_table(stack).table_name, export_name="fintech-dev-sessions"
    )
    assert run(app).of("FinTech-OperatorOutputs") == {"WebApp-dev/Sessions/Resource": True}


def test_a_web_app_table_no_output_names_fails() -> None:
    app = new_app()
    sessions_table(Stack(app, "WebApp-dev"))
    outcome = run(app)
    assert outcome.of("FinTech-OperatorOutputs") == {"WebApp-dev/Sessions/Resource": False}
    assert outcome.violations == {("FinTech-OperatorOutputs", "WebApp-dev/Sessions/Resource")}


def test_an_output_whose_export_name_lacks_the_environment_fails() -> None:
    app = new_app()
    stack = Stack(app, "WebApp-dev")
    CfnOutput(
        stack, "SessionsTableName", value=sessions_table(stack).table_name, export_name="sessions-table"
    )
    assert run(app).of("FinTech-OperatorOutputs") == {"WebApp-dev/Sessions/Resource": False}


def test_the_validation_function_needs_an_output() -> None:
    app = new_app()
    stack = Stack(app, "WebApp-dev")
    CfnOutput(
        stack, "ValidatorArn", value=function(stack, "Validator").function_arn, export_name="dev-validator"
    )
    function(stack, "Unexported")
    assert run(app).of("FinTech-OperatorOutputs") == {
        "WebApp-dev/Validator/Resource": True,
        "WebApp-dev/Unexported/Resource": False,
    }


# --- FinTech-DlqReplayOutputs (WH-09) ---


def consumed_queue_with_dlq(stack: Stack) -> tuple[sqs.Queue, sqs.Queue]:
    dlq = sqs.Queue(stack, "Dlq")
    queue = sqs.Queue(stack, "Work", dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=4))
    lambda_.CfnEventSourceMapping(stack, "Events", function_name="consumer", event_source_arn=queue.queue_arn)
    return queue, dlq


def test_a_dlq_with_url_and_replay_target_outputs_passes() -> None:
    app = new_app()
    stack = Stack(app, "Webhook-dev")
    queue, dlq = consumed_queue_with_dlq(stack)
    CfnOutput(stack, "WorkDlqUrl", value=dlq.queue_url)
    CfnOutput(stack, "WorkDlqReplayTarget", value=queue.queue_url)
    assert run(app).of("FinTech-DlqReplayOutputs") == {"Webhook-dev/Dlq/Resource": True}


def test_a_dlq_without_outputs_fails() -> None:
    app = new_app()
    consumed_queue_with_dlq(Stack(app, "Webhook-dev"))
    outcome = run(app)
    assert outcome.of("FinTech-DlqReplayOutputs") == {"Webhook-dev/Dlq/Resource": False}
    assert outcome.violations == {("FinTech-DlqReplayOutputs", "Webhook-dev/Dlq/Resource")}


def test_a_replay_target_that_is_not_where_the_messages_came_from_fails() -> None:
    app = new_app()
    stack = Stack(app, "Webhook-dev")
    _, dlq = consumed_queue_with_dlq(stack)
    CfnOutput(stack, "WorkDlqUrl", value=dlq.queue_url)
    CfnOutput(stack, "WorkDlqReplayTarget", value=sns.Topic(stack, "Elsewhere").topic_arn)
    assert run(app).of("FinTech-DlqReplayOutputs") == {"Webhook-dev/Dlq/Resource": False}


# --- FinTech-LambdaCodeAsset (MW-01) ---


def test_a_function_with_code_from_lambdas_passes() -> None:
    app = new_app()
    function(Stack(app, "Ledger-dev"), "Handler")
    assert run(app).of("FinTech-LambdaCodeAsset") == {"Ledger-dev/Handler/Resource": True}


def test_a_function_with_inline_code_fails() -> None:
    app = new_app()
    function(Stack(app, "Ledger-dev"), "Handler", code=lambda_.Code.from_inline("def handler(e, c): pass"))
    outcome = run(app)
    assert outcome.of("FinTech-LambdaCodeAsset") == {"Ledger-dev/Handler/Resource": False}
    assert ("FinTech-LambdaCodeAsset", "Ledger-dev/Handler/Resource") in outcome.violations


def test_a_function_with_code_from_outside_lambdas_fails() -> None:
    app = new_app()
    function(Stack(app, "Ledger-dev"), "Handler", code=lambda_.Code.from_asset(str(OTHER_CODE)))
    assert run(app).of("FinTech-LambdaCodeAsset") == {"Ledger-dev/Handler/Resource": False}


# --- FinTech-OwnRole (MW-05) ---


def worker(scope: Construct, construct_id: str, *, role: iam.IRole | None = None) -> lambda_.Function:
    """A function and its role in one construct, as `PipelineFunction` builds them."""
    owner = Construct(scope, construct_id)
    own = role or iam.Role(owner, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    return function(owner, "Function", role=own)


def test_a_function_with_a_role_of_its_own_passes() -> None:
    app = new_app()
    worker(Stack(app, "Ledger-dev"), "Worker")
    assert run(app).of("FinTech-OwnRole") == {"Ledger-dev/Worker/Function/Resource": True}


def test_two_functions_sharing_a_role_fail() -> None:
    app = new_app()
    stack = Stack(app, "Ledger-dev")
    shared = worker(stack, "First").role
    worker(stack, "Second", role=shared)
    assert run(app).of("FinTech-OwnRole") == {
        "Ledger-dev/First/Function/Resource": False,
        "Ledger-dev/Second/Function/Resource": False,
    }


def test_a_function_with_an_imported_role_fails() -> None:
    app = new_app()
    stack = Stack(app, "Ledger-dev")
    imported = iam.Role.from_role_arn(
        stack, "Imported", "arn:aws:iam::123456789012:role/shared", mutable=False
    )
    worker(stack, "Worker", role=imported)
    outcome = run(app)
    assert outcome.of("FinTech-OwnRole") == {"Ledger-dev/Worker/Function/Resource": False}
    assert outcome.violations == {("FinTech-OwnRole", "Ledger-dev/Worker/Function/Resource")}


def test_a_role_defined_outside_the_functions_construct_fails() -> None:
    app = new_app()
    stack = Stack(app, "Ledger-dev")
    elsewhere = iam.Role(stack, "StackRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    worker(stack, "Worker", role=elsewhere)
    assert run(app).of("FinTech-OwnRole") == {"Ledger-dev/Worker/Function/Resource": False}


def test_a_task_using_one_role_as_task_and_execution_role_fails() -> None:
    app = new_app()
    task = Construct(Stack(app, "WebApp-dev"), "Task")
    role = iam.Role(task, "Role", assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"))
    ecs.CfnTaskDefinition(task, "Definition", task_role_arn=role.role_arn, execution_role_arn=role.role_arn)
    assert run(app).of("FinTech-OwnRole") == {"WebApp-dev/Task/Definition": False}


# --- FinTech-NoGrantPolicy (MW-05) ---


def test_a_function_role_with_only_its_managed_policy_passes() -> None:
    app = new_app()
    stack = Stack(app, "Ledger-dev")
    role = worker(stack, "Worker").role
    assert role is not None
    iam.ManagedPolicy(
        stack,
        "Policy",
        roles=[role],
        statements=[iam.PolicyStatement(actions=["sqs:SendMessage"], resources=["*"])],
    )
    assert run(app).of("FinTech-NoGrantPolicy") == {"Ledger-dev/Worker/Role/Resource": True}


def test_a_grant_to_a_function_role_fails() -> None:
    app = new_app()
    stack = Stack(app, "Ledger-dev")
    sqs.Queue(stack, "Queue").grant_send_messages(worker(stack, "Worker"))
    outcome = run(app)
    assert outcome.of("FinTech-NoGrantPolicy") == {"Ledger-dev/Worker/Role/Resource": False}
    assert outcome.violations == {("FinTech-NoGrantPolicy", "Ledger-dev/Worker/Role/Resource")}


# --- acknowledgments and evidence ---


def test_an_acknowledged_finding_is_not_reported_but_stays_a_failing_evaluation() -> None:
    app = new_app()
    handler = function(Stack(app, "Ledger-dev"), "Handler", code=lambda_.Code.from_inline("x = 1"))
    acknowledge(handler, "FinTech-LambdaCodeAsset", reason=REASON, expires="2027-05-31")
    outcome = run(app)
    assert outcome.violations == set()
    assert outcome.of("FinTech-LambdaCodeAsset") == {"Ledger-dev/Handler/Resource": False}


def test_synthesis_replaces_the_evidence_with_every_evaluation(tmp_path: Path) -> None:
    (tmp_path / NAG_EVIDENCE_FILE).write_text('{"stale": true}')
    app = new_app(outdir=tmp_path)
    for stack in stacks(app, "Ledger"):
        sqs.Queue(stack, "Queue")
    Validations.of(app).add_plugins(FinTechChecks(environments=environments()))
    app.synth()
    written = json.loads((tmp_path / NAG_EVIDENCE_FILE).read_text())
    assert written["rules"] == list(rule_ids())
    assert written["registered_packs"] == ["FinTech"]
    assert {(e["rule"], e["path"], e["result"]) for e in written["evaluations"]} == {
        ("FinTech-EnvParity", "Ledger-dev/Queue/Resource", "pass"),
        ("FinTech-EnvParity", "Ledger-prod/Queue/Resource", "pass"),
    }


# --- the real app ---


@pytest.mark.synth
def test_the_app_has_no_open_finding_of_the_pack(assembly) -> None:  # type: ignore[no-untyped-def]
    assert [line for line in assembly.violations_under("") if line.startswith("FinTech-")] == []


@pytest.mark.synth
def test_the_app_records_passing_evaluations_of_every_rule(assembly) -> None:  # type: ignore[no-untyped-def]
    written = json.loads((assembly.outdir / NAG_EVIDENCE_FILE).read_text())
    passing = {e["rule"] for e in written["evaluations"] if e["result"] == "pass"}
    assert passing == set(rule_ids())
