"""WH-01..WH-05, MW-04: the regional REST API in front of webhook_handler."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from policies.constants import (
    API_BURST_LIMIT,
    API_ENDPOINT_ACCESS_MODE,
    API_RATE_LIMIT_RPS,
    API_TLS_SECURITY_POLICY,
    TRANSACTION_STATUSES,
)
from tests.template_queries import as_list, function_by_handler, referenced_id, resources_of_type
from tests.webhook_stack import HANDLERS, WEBHOOK_STACKS

pytestmark = pytest.mark.synth


def only(template: dict[str, Any], resource_type: str) -> tuple[str, dict[str, Any]]:
    found = resources_of_type(template, resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {sorted(found)}"
    return next(iter(found.items()))


def stage_properties(template: dict[str, Any]) -> dict[str, Any]:
    return only(template, "AWS::ApiGateway::Stage")[1]["Properties"]


def method_properties(template: dict[str, Any]) -> dict[str, Any]:
    return only(template, "AWS::ApiGateway::Method")[1]["Properties"]


def payload_schema(template: dict[str, Any]) -> dict[str, Any]:
    model_id = referenced_id(method_properties(template)["RequestModels"]["application/json"])
    assert model_id is not None
    return dict(template["Resources"][model_id]["Properties"]["Schema"])


VALID_PAYLOAD = {"transaction_id": "tx_123", "amount": 10.5, "currency": "EUR", "status": "pending"}


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_api_is_regional(assembly: Any, stack: str) -> None:
    _, api = only(assembly.templates[stack], "AWS::ApiGateway::RestApi")
    assert api["Properties"]["EndpointConfiguration"]["Types"] == ["REGIONAL"]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_only_method_is_post_on_the_webhook_resource(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    method = method_properties(template)
    resource = template["Resources"][referenced_id(method["ResourceId"])]["Properties"]
    assert (method["HttpMethod"], resource["PathPart"]) == ("POST", "webhook")


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_method_is_a_lambda_proxy_integration_to_webhook_handler(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    handler_id, _ = function_by_handler(template, HANDLERS["webhook_handler"])
    integration = method_properties(template)["Integration"]
    uri_parts = integration["Uri"]["Fn::Join"][1]
    assert integration["Type"] == "AWS_PROXY"
    assert {"Fn::GetAtt": [handler_id, "Arn"]} in uri_parts


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_method_requires_an_api_key(assembly: Any, stack: str) -> None:
    assert method_properties(assembly.templates[stack])["ApiKeyRequired"] is True


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_usage_plan_is_bound_to_the_stage(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    stage_id, _ = only(template, "AWS::ApiGateway::Stage")
    _, plan = only(template, "AWS::ApiGateway::UsagePlan")
    assert [referenced_id(api_stage["Stage"]) for api_stage in plan["Properties"]["ApiStages"]] == [stage_id]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_api_key_belongs_to_the_usage_plan(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    key_id, _ = only(template, "AWS::ApiGateway::ApiKey")
    plan_id, _ = only(template, "AWS::ApiGateway::UsagePlan")
    _, plan_key = only(template, "AWS::ApiGateway::UsagePlanKey")
    assert (
        referenced_id(plan_key["Properties"]["KeyId"]),
        referenced_id(plan_key["Properties"]["UsagePlanId"]),
    ) == (
        key_id,
        plan_id,
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_stage_throttles_every_method_at_the_claimed_rate_and_burst(assembly: Any, stack: str) -> None:
    [settings] = stage_properties(assembly.templates[stack])["MethodSettings"]
    assert (settings["ResourcePath"], settings["HttpMethod"]) == ("/*", "*")
    assert (settings["ThrottlingRateLimit"], settings["ThrottlingBurstLimit"]) == (
        API_RATE_LIMIT_RPS,
        API_BURST_LIMIT,
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_usage_plan_throttles_at_the_same_rate_and_burst(assembly: Any, stack: str) -> None:
    _, plan = only(assembly.templates[stack], "AWS::ApiGateway::UsagePlan")
    assert plan["Properties"]["Throttle"] == {"RateLimit": API_RATE_LIMIT_RPS, "BurstLimit": API_BURST_LIMIT}


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_method_validates_the_body_before_the_function_runs(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    validator_id = referenced_id(method_properties(template)["RequestValidatorId"])
    assert template["Resources"][validator_id]["Properties"]["ValidateRequestBody"] is True


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_model_is_a_draft_4_schema_requiring_the_four_fields(assembly: Any, stack: str) -> None:
    schema = payload_schema(assembly.templates[stack])
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert sorted(schema["required"]) == ["amount", "currency", "status", "transaction_id"]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_model_accepts_a_well_formed_payload(assembly: Any, stack: str) -> None:
    jsonschema.Draft4Validator(payload_schema(assembly.templates[stack])).validate(VALID_PAYLOAD)


@pytest.mark.parametrize("status", TRANSACTION_STATUSES)
def test_the_model_accepts_every_claimed_status(assembly: Any, status: str) -> None:
    schema = payload_schema(assembly.templates["Webhook-dev"])
    jsonschema.Draft4Validator(schema).validate({**VALID_PAYLOAD, "status": status})


@pytest.mark.parametrize(
    "change",
    [
        {"status": "refunded"},
        {"amount": "10.50"},
        {"amount": 0},
        {"transaction_id": 42},
        {"currency": "eur"},
    ],
    ids=["status-not-in-enum", "amount-a-string", "amount-zero", "id-a-number", "currency-lower-case"],
)
def test_the_model_refuses_a_field_of_the_wrong_type_or_value(assembly: Any, change: dict[str, Any]) -> None:
    schema = payload_schema(assembly.templates["Webhook-dev"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate({**VALID_PAYLOAD, **change})


@pytest.mark.parametrize("missing", ["transaction_id", "amount", "currency", "status"])
def test_the_model_refuses_a_payload_without_a_required_field(assembly: Any, missing: str) -> None:
    schema = payload_schema(assembly.templates["Webhook-dev"])
    payload = {key: value for key, value in VALID_PAYLOAD.items() if key != missing}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(payload)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_access_logs_are_json_lines(assembly: Any, stack: str) -> None:
    log_format = json.loads(stage_properties(assembly.templates[stack])["AccessLogSetting"]["Format"])
    assert {"requestId", "sourceIp", "status", "apiKeyId"} <= set(log_format)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_access_logs_never_record_the_api_key_value(assembly: Any, stack: str) -> None:
    log_format = stage_properties(assembly.templates[stack])["AccessLogSetting"]["Format"]
    assert '$context.identity.apiKey"' not in log_format


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_access_logs_go_to_a_log_group_nothing_else_writes_to(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    group_id = referenced_id(stage_properties(template)["AccessLogSetting"]["DestinationArn"])
    functions = resources_of_type(template, "AWS::Lambda::Function").values()
    assert template["Resources"][group_id]["Type"] == "AWS::Logs::LogGroup"
    assert all(referenced_id(f["Properties"]["LoggingConfig"]["LogGroup"]) != group_id for f in functions)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_execution_logging_is_on_and_never_records_bodies(assembly: Any, stack: str) -> None:
    [settings] = stage_properties(assembly.templates[stack])["MethodSettings"]
    assert settings["LoggingLevel"] in ("ERROR", "INFO")
    assert settings["DataTraceEnabled"] is False


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_stage_traces_with_x_ray(assembly: Any, stack: str) -> None:
    assert stage_properties(assembly.templates[stack])["TracingEnabled"] is True


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_execution_log_group_exists_before_the_stage(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    api_id, _ = only(template, "AWS::ApiGateway::RestApi")
    _, stage = only(template, "AWS::ApiGateway::Stage")
    expected_name = {
        "Fn::Join": [
            "",
            ["API-Gateway-Execution-Logs_", {"Ref": api_id}, "/" + stage["Properties"]["StageName"]],
        ]
    }
    [group_id] = [
        logical_id
        for logical_id, group in resources_of_type(template, "AWS::Logs::LogGroup").items()
        if group["Properties"].get("LogGroupName") == expected_name
    ]
    assert group_id in as_list(stage.get("DependsOn", []))


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_stage_waits_for_the_account_level_logging_role(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    account_id, _ = only(template, "AWS::ApiGateway::Account")
    _, stage = only(template, "AWS::ApiGateway::Stage")
    assert account_id in as_list(stage.get("DependsOn", []))


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_api_refuses_tls_below_1_2(assembly: Any, stack: str) -> None:
    _, api = only(assembly.templates[stack], "AWS::ApiGateway::RestApi")
    assert api["Properties"]["SecurityPolicy"] == API_TLS_SECURITY_POLICY
    assert api["Properties"]["EndpointAccessMode"] == API_ENDPOINT_ACCESS_MODE


def test_the_tls_policy_is_one_the_mw_04_verifier_accepts() -> None:
    from policies.checkov.reference_lists import TLS12_API_POLICIES

    assert API_TLS_SECURITY_POLICY in TLS12_API_POLICIES


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_api_gateway_may_invoke_the_handler_only_for_post_webhook_on_its_stage(
    assembly: Any, stack: str
) -> None:
    _, permission = only(assembly.templates[stack], "AWS::Lambda::Permission")
    source_arn_parts = permission["Properties"]["SourceArn"]["Fn::Join"][1]
    assert permission["Properties"]["Principal"] == "apigateway.amazonaws.com"
    assert source_arn_parts[-1] == "/POST/webhook"
