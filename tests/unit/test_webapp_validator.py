"""TX-10 infrastructure: the validation function, its concurrency, role and only caller."""

from __future__ import annotations

from typing import Any

import pytest

from tests.template_queries import (
    as_list,
    function_by_handler,
    policy_statements,
    referenced_id,
    resources_of_type,
)
from tests.webapp_stack import VALIDATOR_HANDLER, WEBAPP_STACKS, config_of

pytestmark = pytest.mark.synth


def validator(assembly: Any, stack: str) -> tuple[str, dict[str, Any]]:
    function_id, function = function_by_handler(assembly.templates[stack], VALIDATOR_HANDLER)
    return function_id, function["Properties"]


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_code_is_the_lambdas_asset(assembly: Any, stack: str) -> None:
    _, function = validator(assembly, stack)
    assert set(function["Code"]) == {"S3Bucket", "S3Key"}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_reserved_concurrency_comes_from_the_configuration(assembly: Any, stack: str) -> None:
    _, function = validator(assembly, stack)
    assert function["ReservedConcurrentExecutions"] == config_of(stack).webapp.validator_reserved_concurrency


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_no_resource_policy_lets_anyone_else_invoke_it(assembly: Any, stack: str) -> None:
    function_id, _ = validator(assembly, stack)
    permissions = resources_of_type(assembly.templates[stack], "AWS::Lambda::Permission").values()
    assert [p for p in permissions if referenced_id(p["Properties"]["FunctionName"]) == function_id] == []


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_only_the_task_role_may_invoke_it(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    function_id, _ = validator(assembly, stack)
    task_role = referenced_id(
        next(iter(resources_of_type(template, "AWS::ECS::TaskDefinition").values()))["Properties"][
            "TaskRoleArn"
        ]
    )
    invokers = {
        role_id
        for role_id in resources_of_type(template, "AWS::IAM::Role")
        for statement in policy_statements(template, role_id)
        if "lambda:InvokeFunction" in as_list(statement["Action"])
        and referenced_id(statement["Resource"]) == function_id
    }
    assert invokers == {task_role}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_its_role_writes_nothing_but_its_logs_and_traces(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    _, function = validator(assembly, stack)
    actions = {
        a
        for s in policy_statements(template, referenced_id(function["Role"]) or "")
        for a in as_list(s["Action"])
    }
    assert actions == {
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
    }
