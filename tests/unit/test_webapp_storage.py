"""TX-05: the assets bucket behind CloudFront, and who may read it."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import NONCURRENT_VERSION_EXPIRY_DAYS
from tests.template_queries import as_list, referenced_id, resources_of_type
from tests.webapp_stack import EDGE_STACKS, only

pytestmark = pytest.mark.synth


def assets_bucket(template: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The one bucket whose encryption is SSE-KMS (the log bucket uses SSE-S3)."""
    found = [
        (bucket_id, bucket["Properties"])
        for bucket_id, bucket in resources_of_type(template, "AWS::S3::Bucket").items()
        if "aws:kms" in str(bucket["Properties"]["BucketEncryption"])
    ]
    assert len(found) == 1
    return found[0]


def bucket_policy(template: dict[str, Any], bucket_id: str) -> list[dict[str, Any]]:
    for policy in resources_of_type(template, "AWS::S3::BucketPolicy").values():
        if referenced_id(policy["Properties"]["Bucket"]) == bucket_id:
            return list(policy["Properties"]["PolicyDocument"]["Statement"])
    raise LookupError(bucket_id)


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_the_bucket_is_versioned(assembly: Any, stack: str) -> None:
    _, bucket = assets_bucket(assembly.templates[stack])
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_all_public_access_is_blocked(assembly: Any, stack: str) -> None:
    _, bucket = assets_bucket(assembly.templates[stack])
    assert set(bucket["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(bucket["PublicAccessBlockConfiguration"]) == 4


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_requests_without_tls_are_denied(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    bucket_id, _ = assets_bucket(template)
    denies = [s for s in bucket_policy(template, bucket_id) if s["Effect"] == "Deny"]
    assert {"Bool": {"aws:SecureTransport": "false"}} in [s["Condition"] for s in denies]


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_server_access_logs_go_to_the_log_bucket(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    _, bucket = assets_bucket(template)
    target = referenced_id(bucket["LoggingConfiguration"]["DestinationBucketName"])
    assert template["Resources"][target]["Type"] == "AWS::S3::Bucket"


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_noncurrent_versions_expire_after_the_claimed_days(assembly: Any, stack: str) -> None:
    _, bucket = assets_bucket(assembly.templates[stack])
    rules = bucket["LifecycleConfiguration"]["Rules"]
    assert [rule["NoncurrentVersionExpiration"]["NoncurrentDays"] for rule in rules] == [
        NONCURRENT_VERSION_EXPIRY_DAYS
    ]


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_objects_are_encrypted_with_a_rotating_customer_managed_key(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    _, bucket = assets_bucket(template)
    default = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0][
        "ServerSideEncryptionByDefault"
    ]
    key = template["Resources"][referenced_id(default["KMSMasterKeyID"])]
    assert key["Properties"]["EnableKeyRotation"] is True


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_cloudfront_reads_through_origin_access_control_of_its_one_distribution(
    assembly: Any, stack: str
) -> None:
    template = assembly.templates[stack]
    bucket_id, _ = assets_bucket(template)
    distribution_id, _ = only(template, "AWS::CloudFront::Distribution")
    (statement,) = [
        s
        for s in bucket_policy(template, bucket_id)
        if s["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    ]
    assert statement["Action"] == "s3:GetObject"
    assert distribution_id in str(statement["Condition"]["StringEquals"]["AWS:SourceArn"])
    assert only(template, "AWS::CloudFront::OriginAccessControl")


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_there_is_no_origin_access_identity(assembly: Any, stack: str) -> None:
    assert (
        resources_of_type(assembly.templates[stack], "AWS::CloudFront::CloudFrontOriginAccessIdentity") == {}
    )


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_the_only_other_reader_is_the_web_tier_task_role(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    bucket_id, _ = assets_bucket(template)
    allows = [s for s in bucket_policy(template, bucket_id) if s["Effect"] == "Allow"]
    principals = [s["Principal"] for s in allows if s["Principal"] != {"Service": "cloudfront.amazonaws.com"}]
    env = stack.rsplit("-", 1)[1]
    assert len(principals) == 1
    assert str(principals[0]["AWS"]["Fn::Join"][1][-1]).endswith(f":role/fintech-{env}-webapp-task")
    assert all(s["Principal"] != {"AWS": "*"} and s["Principal"] != "*" for s in allows)


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_the_reader_role_is_the_task_role_of_the_regional_stack(assembly: Any, env: str) -> None:
    roles = resources_of_type(assembly.templates[f"WebApp-{env}"], "AWS::IAM::Role").values()
    assert f"fintech-{env}-webapp-task" in [role["Properties"].get("RoleName") for role in roles]


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_the_reader_may_only_get_and_list(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    bucket_id, _ = assets_bucket(template)
    reads = [s for s in bucket_policy(template, bucket_id) if s.get("Sid") == "WebTierReadsAssets"]
    assert [sorted(as_list(s["Action"])) for s in reads] == [["s3:GetObject", "s3:ListBucket"]]


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_the_bucket_is_retained_when_the_stack_is_deleted(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    bucket_id, _ = assets_bucket(template)
    assert template["Resources"][bucket_id]["DeletionPolicy"] == "Retain"
