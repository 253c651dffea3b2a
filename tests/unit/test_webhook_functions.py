"""WH-06, MW-01, MW-02, MW-08: the three pipeline functions."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import API_RATE_LIMIT_RPS, LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME, LOG_RETENTION_DAYS
from stacks.config import load_environments
from stacks.webhook.capacity import required_handler_concurrency
from tests.template_queries import function_by_handler, referenced_id, resources_of_type
from tests.webhook_stack import HANDLERS, WEBHOOK_STACKS

pytestmark = pytest.mark.synth
API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS = 29
ENVIRONMENT_VARIABLES = {
    "webhook_handler": {"TOPIC_ARN", "DLQ_URL", "SIGNING_SECRET_ARN", "METRICS_NAMESPACE", "ENVIRONMENT"},
    "transaction_processor": {"TRANSACTIONS_TABLE", "METRICS_NAMESPACE", "ENVIRONMENT"},
    "audit_logger": {"AUDIT_TABLE", "METRICS_NAMESPACE", "ENVIRONMENT"},
}
CONFIG_KEYS = {
    "webhook_handler": "handler_reserved_concurrency",
    "transaction_processor": "processor_reserved_concurrency",
    "audit_logger": "audit_reserved_concurrency",
}


def function(assembly: Any, stack: str, name: str) -> dict[str, Any]:
    return function_by_handler(assembly.templates[stack], HANDLERS[name])[1]["Properties"]


def environment_of(stack: str) -> Any:
    return load_environments()[stack.split("-", 1)[1]]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_stack_defines_exactly_the_three_pipeline_functions(assembly: Any, stack: str) -> None:
    handlers = sorted(
        f["Properties"]["Handler"]
        for f in resources_of_type(assembly.templates[stack], "AWS::Lambda::Function").values()
    )
    assert handlers == sorted(HANDLERS.values())


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_the_function_runs_python_3_11_on_arm64(assembly: Any, stack: str, name: str) -> None:
    properties = function(assembly, stack, name)
    assert (properties["Runtime"], properties["Architectures"]) == (LAMBDA_RUNTIME, [LAMBDA_ARCHITECTURE])


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_the_function_code_is_the_lambdas_asset_not_inline(assembly: Any, stack: str, name: str) -> None:
    code = function(assembly, stack, name)["Code"]
    assert "ZipFile" not in code
    assert code["S3Key"].endswith(".zip")


def test_the_lambdas_asset_holds_every_handler_module() -> None:
    from stacks.defaults import LAMBDAS_DIR

    for handler in HANDLERS.values():
        module = handler.rsplit(".", 1)[0].replace(".", "/")
        assert (LAMBDAS_DIR / f"{module}.py").is_file(), handler


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_the_reserved_concurrency_comes_from_configuration(assembly: Any, stack: str, name: str) -> None:
    configured = getattr(environment_of(stack).webhook, CONFIG_KEYS[name])
    assert function(assembly, stack, name)["ReservedConcurrentExecutions"] == configured


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_handler_concurrency_carries_the_throttle_by_littles_law(assembly: Any, stack: str) -> None:
    p99 = environment_of(stack).webhook.handler_p99_seconds
    needed = required_handler_concurrency(rate_per_second=API_RATE_LIMIT_RPS, p99_seconds=p99)
    assert function(assembly, stack, "webhook_handler")["ReservedConcurrentExecutions"] >= needed


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_handler_finishes_before_api_gateway_gives_up(assembly: Any, stack: str) -> None:
    assert function(assembly, stack, "webhook_handler")["Timeout"] < API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_the_function_logs_to_its_own_explicit_log_group(assembly: Any, stack: str, name: str) -> None:
    template = assembly.templates[stack]
    group_id = referenced_id(function(assembly, stack, name)["LoggingConfig"]["LogGroup"])
    others = [
        referenced_id(f["Properties"]["LoggingConfig"]["LogGroup"])
        for f in resources_of_type(template, "AWS::Lambda::Function").values()
        if f["Properties"]["Handler"] != HANDLERS[name]
    ]
    assert template["Resources"][group_id]["Properties"]["RetentionInDays"] == LOG_RETENTION_DAYS
    assert group_id not in others


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_the_function_traces_with_x_ray(assembly: Any, stack: str, name: str) -> None:
    assert function(assembly, stack, name)["TracingConfig"] == {"Mode": "Active"}


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_the_function_gets_exactly_the_contracts_environment(assembly: Any, stack: str, name: str) -> None:
    assert set(function(assembly, stack, name)["Environment"]["Variables"]) == ENVIRONMENT_VARIABLES[name]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_the_environment_names_the_environment_the_function_runs_in(
    assembly: Any, stack: str, name: str
) -> None:
    variables = function(assembly, stack, name)["Environment"]["Variables"]
    assert variables["ENVIRONMENT"] == environment_of(stack).name


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("name", HANDLERS)
def test_the_environment_is_encrypted_with_a_customer_managed_key(
    assembly: Any, stack: str, name: str
) -> None:
    template = assembly.templates[stack]
    key_id = referenced_id(function(assembly, stack, name)["KmsKeyArn"])
    assert template["Resources"][key_id]["Type"] == "AWS::KMS::Key"


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_handler_reads_the_signing_secret_at_run_time_by_arn(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    variables = function(assembly, stack, "webhook_handler")["Environment"]["Variables"]
    secret_id = referenced_id(variables["SIGNING_SECRET_ARN"])
    assert template["Resources"][secret_id]["Type"] == "AWS::SecretsManager::Secret"


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_each_function_has_its_own_role(assembly: Any, stack: str) -> None:
    roles = [function(assembly, stack, name)["Role"] for name in HANDLERS]
    assert len({referenced_id(role) for role in roles}) == len(HANDLERS)
