"""TX-09: the task's two roles, its secrets, what the app may do, its logs and its filesystem."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import LOG_RETENTION_DAYS
from stacks.webapp.task import WRITABLE_PATH
from tests.template_queries import as_list, policy_statements, referenced_id
from tests.webapp_stack import VALIDATOR_HANDLER, WEBAPP_STACKS, only, props

pytestmark = pytest.mark.synth
APP_ACTIONS = {
    "secretsmanager:GetSecretValue",
    "secretsmanager:DescribeSecret",
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:DescribeKey",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "lambda:InvokeFunction",
}


def task(assembly: Any, stack: str) -> dict[str, Any]:
    return props(assembly.templates[stack], "AWS::ECS::TaskDefinition")


def container(assembly: Any, stack: str, name: str) -> dict[str, Any]:
    (found,) = [c for c in task(assembly, stack)["ContainerDefinitions"] if c["Name"] == name]
    return dict(found)


def role_statements(assembly: Any, stack: str, arn_property: str) -> list[dict[str, Any]]:
    template = assembly.templates[stack]
    return policy_statements(template, referenced_id(task(assembly, stack)[arn_property]) or "")


def secret_arn(assembly: Any, stack: str) -> dict[str, Any]:
    cluster_id, _ = only(assembly.templates[stack], "AWS::RDS::DBCluster")
    return {"Fn::GetAtt": [cluster_id, "MasterUserSecret.SecretArn"]}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_execution_role_and_the_task_role_are_different_roles(assembly: Any, stack: str) -> None:
    definition = task(assembly, stack)
    assert referenced_id(definition["ExecutionRoleArn"]) != referenced_id(definition["TaskRoleArn"])


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_database_credentials_reach_the_container_as_ecs_secrets(assembly: Any, stack: str) -> None:
    secrets = {s["Name"]: s["ValueFrom"]["Fn::Join"][1] for s in container(assembly, stack, "web")["Secrets"]}
    assert secrets == {
        "DB_USERNAME": [secret_arn(assembly, stack), ":username::"],
        "DB_PASSWORD": [secret_arn(assembly, stack), ":password::"],
    }


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_no_plain_environment_variable_carries_a_credential(assembly: Any, stack: str) -> None:
    names = {variable["Name"] for variable in container(assembly, stack, "web")["Environment"]}
    assert not {name for name in names if "PASSWORD" in name or name.endswith(("_USERNAME", "_KEY"))}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_execution_role_may_read_the_secret_it_injects(assembly: Any, stack: str) -> None:
    statements = role_statements(assembly, stack, "ExecutionRoleArn")
    reads = [s for s in statements if "secretsmanager:GetSecretValue" in as_list(s["Action"])]
    assert [s["Resource"] for s in reads] == [secret_arn(assembly, stack)]


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_task_role_holds_only_the_app_actions(assembly: Any, stack: str) -> None:
    actions = {a for s in role_statements(assembly, stack, "TaskRoleArn") for a in as_list(s["Action"])}
    assert actions == APP_ACTIONS


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_task_role_reads_only_its_database_secret(assembly: Any, stack: str) -> None:
    statements = role_statements(assembly, stack, "TaskRoleArn")
    secret_statements = [
        s for s in statements if any(a.startswith("secretsmanager:") for a in as_list(s["Action"]))
    ]
    assert [s["Resource"] for s in secret_statements] == [secret_arn(assembly, stack)]


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_task_role_reads_and_writes_only_the_sessions_table(assembly: Any, stack: str) -> None:
    table_id, _ = only(assembly.templates[stack], "AWS::DynamoDB::Table")
    statements = role_statements(assembly, stack, "TaskRoleArn")
    tables = [
        s["Resource"] for s in statements if any(a.startswith("dynamodb:") for a in as_list(s["Action"]))
    ]
    assert tables == [{"Fn::GetAtt": [table_id, "Arn"]}]


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_task_role_invokes_only_the_validation_function(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    statements = role_statements(assembly, stack, "TaskRoleArn")
    (invoke,) = [s for s in statements if "lambda:InvokeFunction" in as_list(s["Action"])]
    function = template["Resources"][referenced_id(invoke["Resource"])]
    assert function["Properties"]["Handler"] == VALIDATOR_HANDLER


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_every_key_use_of_the_task_role_goes_through_one_service(assembly: Any, stack: str) -> None:
    statements = role_statements(assembly, stack, "TaskRoleArn")
    kms = [s for s in statements if any(a.startswith("kms:") for a in as_list(s["Action"]))]
    assert kms
    assert all("kms:ViaService" in s["Condition"]["StringEquals"] for s in kms)


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_container_logs_go_to_a_30_day_encrypted_log_group(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    for definition in task(assembly, stack)["ContainerDefinitions"]:
        log = definition["LogConfiguration"]
        group = template["Resources"][referenced_id(log["Options"]["awslogs-group"])]["Properties"]
        assert log["LogDriver"] == "awslogs"
        assert group["RetentionInDays"] == LOG_RETENTION_DAYS
        assert "KmsKeyId" in group


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_every_container_has_a_read_only_root_filesystem(assembly: Any, stack: str) -> None:
    assert all(c["ReadonlyRootFilesystem"] is True for c in task(assembly, stack)["ContainerDefinitions"])


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_web_container_writes_only_to_a_task_volume(assembly: Any, stack: str) -> None:
    volumes = {volume["Name"] for volume in task(assembly, stack)["Volumes"]}
    mounts = container(assembly, stack, "web")["MountPoints"]
    assert [(m["ContainerPath"], m["SourceVolume"] in volumes) for m in mounts] == [(WRITABLE_PATH, True)]


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_web_container_starts_after_its_scratch_volume_is_prepared(assembly: Any, stack: str) -> None:
    init = container(assembly, stack, "init")
    assert container(assembly, stack, "web")["DependsOn"] == [
        {"ContainerName": "init", "Condition": "SUCCESS"}
    ]
    assert init["Essential"] is False
