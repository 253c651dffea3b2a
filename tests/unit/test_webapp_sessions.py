"""TX-04: the DynamoDB `sessions` table."""

from __future__ import annotations

from typing import Any

import pytest

from tests.template_queries import referenced_id
from tests.webapp_stack import WEBAPP_STACKS, config_of, only, props

pytestmark = pytest.mark.synth


def table(assembly: Any, stack: str) -> dict[str, Any]:
    return props(assembly.templates[stack], "AWS::DynamoDB::Table")


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_partition_key_is_the_session_id_string(assembly: Any, stack: str) -> None:
    properties = table(assembly, stack)
    assert properties["KeySchema"] == [{"AttributeName": "sessionId", "KeyType": "HASH"}]
    assert properties["AttributeDefinitions"] == [{"AttributeName": "sessionId", "AttributeType": "S"}]


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_sessions_expire_through_a_ttl_attribute(assembly: Any, stack: str) -> None:
    assert table(assembly, stack)["TimeToLiveSpecification"] == {
        "AttributeName": "expiresAt",
        "Enabled": True,
    }


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_table_is_on_demand(assembly: Any, stack: str) -> None:
    assert table(assembly, stack)["BillingMode"] == "PAY_PER_REQUEST"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_point_in_time_recovery_is_on(assembly: Any, stack: str) -> None:
    assert table(assembly, stack)["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_table_is_encrypted_with_its_customer_managed_key(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    sse = table(assembly, stack)["SSESpecification"]
    assert sse["SSEEnabled"] is True
    assert sse["SSEType"] == "KMS"
    assert template["Resources"][referenced_id(sse["KMSMasterKeyId"])]["Type"] == "AWS::KMS::Key"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_deletion_protection_follows_the_configuration(assembly: Any, stack: str) -> None:
    assert table(assembly, stack)["DeletionProtectionEnabled"] is config_of(stack).deletion_protection


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_table_is_retained_when_the_stack_is_deleted(assembly: Any, stack: str) -> None:
    assert only(assembly.templates[stack], "AWS::DynamoDB::Table")[1]["DeletionPolicy"] == "Retain"
