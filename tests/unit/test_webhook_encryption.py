"""MW-02, MW-03, MW-06: customer-managed keys and the log groups they encrypt."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import LOG_RETENTION_DAYS
from tests.template_queries import referenced_id, resources_of_type
from tests.webhook_stack import WEBHOOK_STACKS

pytestmark = pytest.mark.synth
ENCRYPTED = {
    "AWS::Logs::LogGroup": "KmsKeyId",
    "AWS::SQS::Queue": "KmsMasterKeyId",
    "AWS::SNS::Topic": "KmsMasterKeyId",
    "AWS::SecretsManager::Secret": "KmsKeyId",
    "AWS::Lambda::Function": "KmsKeyArn",
}

KEY_PURPOSES = (
    {"AWS::Logs::LogGroup"},
    {"AWS::SQS::Queue"},
    {"AWS::SNS::Topic"},
    {"AWS::DynamoDB::Table"},
    {"AWS::SecretsManager::Secret", "AWS::Lambda::Function"},
)


def keys(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return resources_of_type(template, "AWS::KMS::Key")


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_every_key_rotates(assembly: Any, stack: str) -> None:
    assert all(
        key["Properties"]["EnableKeyRotation"] is True for key in keys(assembly.templates[stack]).values()
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_every_key_is_retained_when_the_stack_is_deleted(assembly: Any, stack: str) -> None:
    for key in keys(assembly.templates[stack]).values():
        assert (key["DeletionPolicy"], key["UpdateReplacePolicy"]) == ("Retain", "Retain")


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("resource_type", ENCRYPTED)
def test_every_resource_of_the_type_uses_a_customer_managed_key_of_the_stack(
    assembly: Any, stack: str, resource_type: str
) -> None:
    template = assembly.templates[stack]
    resources = resources_of_type(template, resource_type)
    assert resources, resource_type
    for logical_id, resource in resources.items():
        assert referenced_id(resource["Properties"].get(ENCRYPTED[resource_type])) in keys(template), (
            logical_id
        )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_each_key_serves_one_kind_of_data(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    users: dict[str | None, set[str]] = {}
    for resource_type, key_property in ENCRYPTED.items():
        for resource in resources_of_type(template, resource_type).values():
            users.setdefault(referenced_id(resource["Properties"][key_property]), set()).add(resource_type)
    for table in resources_of_type(template, "AWS::DynamoDB::Table").values():
        key = referenced_id(table["Properties"]["SSESpecification"]["KMSMasterKeyId"])
        users.setdefault(key, set()).add("AWS::DynamoDB::Table")
    assert all(any(types <= kind for kind in KEY_PURPOSES) for types in users.values()), users


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_cloudwatch_logs_may_use_the_logs_key_only_for_log_groups_of_the_account(
    assembly: Any, stack: str
) -> None:
    template = assembly.templates[stack]
    group = next(iter(resources_of_type(template, "AWS::Logs::LogGroup").values()))
    key = template["Resources"][referenced_id(group["Properties"]["KmsKeyId"])]
    [grant] = [
        s
        for s in key["Properties"]["KeyPolicy"]["Statement"]
        if "Service" in s["Principal"] and s["Principal"]["Service"].startswith("logs.")
    ]
    pattern = grant["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]["Fn::Join"][1]
    assert pattern[-1].endswith(":log-group:*")


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_cloudwatch_alarms_may_use_the_alarm_topics_key(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    alarm_topic = next(
        t
        for t in resources_of_type(template, "AWS::SNS::Topic").values()
        if "alarm" in t["Properties"]["DisplayName"]
    )
    key = template["Resources"][referenced_id(alarm_topic["Properties"]["KmsMasterKeyId"])]
    principals = [s["Principal"] for s in key["Properties"]["KeyPolicy"]["Statement"]]
    assert {"Service": "cloudwatch.amazonaws.com"} in principals


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_every_log_group_keeps_logs_exactly_the_claimed_days(assembly: Any, stack: str) -> None:
    for group in resources_of_type(assembly.templates[stack], "AWS::Logs::LogGroup").values():
        assert group["Properties"]["RetentionInDays"] == LOG_RETENTION_DAYS


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_no_function_falls_back_to_an_implicit_log_group(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    groups = resources_of_type(template, "AWS::Logs::LogGroup")
    for function in resources_of_type(template, "AWS::Lambda::Function").values():
        assert referenced_id(function["Properties"]["LoggingConfig"]["LogGroup"]) in groups


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_waf_logs_go_to_an_encrypted_group_with_the_required_prefix(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    [logging] = resources_of_type(template, "AWS::WAFv2::LoggingConfiguration").values()
    [destination] = logging["Properties"]["LogDestinationConfigs"]
    group_id = referenced_id(destination["Fn::Join"][1][-1])
    name_parts = template["Resources"][group_id]["Properties"]["LogGroupName"]["Fn::Join"][1]
    assert name_parts[0].startswith("aws-waf-logs-")
