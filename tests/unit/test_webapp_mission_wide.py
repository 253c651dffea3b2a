"""MW-01..MW-09 over the web app's stacks (regional and edge, dev and prod)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from policies.constants import LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME, LOG_RETENTION_DAYS, REQUIRED_TAGS
from tests.template_queries import as_list, policy_statements, referenced_id, resources_of_type
from tests.webapp_stack import ALL_STACKS, ENVIRONMENTS, config_of, is_framework_function

pytestmark = pytest.mark.synth
STATEFUL_TYPES = ("AWS::KMS::Key", "AWS::DynamoDB::Table", "AWS::RDS::DBCluster", "AWS::S3::Bucket")
UNSCOPABLE_ACTIONS = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
TLS_DENY = {"Bool": {"aws:SecureTransport": "false"}}


def tls_denied(statements: list[dict[str, Any]]) -> bool:
    return any(s["Effect"] == "Deny" and s.get("Condition") == TLS_DENY for s in statements)


def log_destinations(template: dict[str, Any]) -> set[str]:
    """Buckets AWS log delivery writes to: ALB access logs, S3 server access logs, CloudFront logs."""
    found: set[str | None] = set()
    for alb in resources_of_type(template, "AWS::ElasticLoadBalancingV2::LoadBalancer").values():
        for attribute in alb["Properties"]["LoadBalancerAttributes"]:
            if attribute["Key"] == "access_logs.s3.bucket":
                found.add(referenced_id(attribute["Value"]))
    for bucket in resources_of_type(template, "AWS::S3::Bucket").values():
        if "LoggingConfiguration" in bucket["Properties"]:
            found.add(referenced_id(bucket["Properties"]["LoggingConfiguration"]["DestinationBucketName"]))
    for distribution in resources_of_type(template, "AWS::CloudFront::Distribution").values():
        found.add(referenced_id(distribution["Properties"]["DistributionConfig"]["Logging"]["Bucket"]))
    return {bucket for bucket in found if bucket}


# MW-01
@pytest.mark.parametrize("stack", ALL_STACKS)
def test_every_project_function_runs_python_3_11_on_arm64_from_the_lambdas_asset(
    assembly: Any, stack: str
) -> None:
    functions = resources_of_type(assembly.templates[stack], "AWS::Lambda::Function")
    for function_id, function in functions.items():
        if is_framework_function(function_id):
            continue
        properties = function["Properties"]
        assert (properties["Runtime"], properties["Architectures"]) == (LAMBDA_RUNTIME, [LAMBDA_ARCHITECTURE])
        assert "ZipFile" not in properties["Code"]


def test_the_only_framework_function_is_the_default_security_group_one(assembly: Any) -> None:
    helpers = {
        function_id
        for stack in ALL_STACKS
        for function_id in resources_of_type(assembly.templates[stack], "AWS::Lambda::Function")
        if not assembly.templates[stack]["Resources"][function_id]["Properties"]
        .get("Handler", "")
        .endswith(".lambda_handler")
    }
    assert helpers and all(is_framework_function(function_id) for function_id in helpers)


# MW-02
@pytest.mark.parametrize("stack", ALL_STACKS)
def test_every_log_group_keeps_30_days_under_a_customer_managed_key(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    for group in resources_of_type(template, "AWS::Logs::LogGroup").values():
        assert group["Properties"]["RetentionInDays"] == LOG_RETENTION_DAYS
        assert (
            template["Resources"][referenced_id(group["Properties"]["KmsKeyId"])]["Type"] == "AWS::KMS::Key"
        )


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_every_function_writes_to_an_explicit_log_group(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    for function in resources_of_type(template, "AWS::Lambda::Function").values():
        group_id = referenced_id(function["Properties"]["LoggingConfig"]["LogGroup"])
        assert template["Resources"][group_id]["Type"] == "AWS::Logs::LogGroup"


# MW-03
@pytest.mark.parametrize("stack", ALL_STACKS)
def test_every_key_rotates(assembly: Any, stack: str) -> None:
    keys = resources_of_type(assembly.templates[stack], "AWS::KMS::Key").values()
    assert keys and all(key["Properties"]["EnableKeyRotation"] is True for key in keys)


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_topics_and_queues_use_customer_managed_keys(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    for resource_type in ("AWS::SNS::Topic", "AWS::SQS::Queue"):
        for resource in resources_of_type(template, resource_type).values():
            key_id = referenced_id(resource["Properties"]["KmsMasterKeyId"])
            assert template["Resources"][key_id]["Type"] == "AWS::KMS::Key"


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_only_log_delivery_buckets_use_sse_s3(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    sse_s3 = {
        bucket_id
        for bucket_id, bucket in resources_of_type(template, "AWS::S3::Bucket").items()
        if "AES256" in json.dumps(bucket["Properties"]["BucketEncryption"])
    }
    assert sse_s3 == log_destinations(template)


# MW-04
@pytest.mark.parametrize("stack", ALL_STACKS)
def test_every_bucket_topic_and_queue_policy_denies_requests_without_tls(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    policies = {
        "AWS::S3::BucketPolicy": ("AWS::S3::Bucket", "Bucket"),
        "AWS::SNS::TopicPolicy": ("AWS::SNS::Topic", "Topics"),
        "AWS::SQS::QueuePolicy": ("AWS::SQS::Queue", "Queues"),
    }
    for policy_type, (resource_type, target) in policies.items():
        covered = set()
        for policy in resources_of_type(template, policy_type).values():
            if tls_denied(policy["Properties"]["PolicyDocument"]["Statement"]):
                covered.update(referenced_id(ref) for ref in as_list(policy["Properties"][target]))
        assert covered == set(resources_of_type(template, resource_type))


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_every_bucket_refuses_tls_older_than_1_2(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    covered = {
        referenced_id(policy["Properties"]["Bucket"])
        for policy in resources_of_type(template, "AWS::S3::BucketPolicy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if statement.get("Condition") == {"NumericLessThan": {"s3:TlsVersion": 1.2}}
    }
    assert covered == set(resources_of_type(template, "AWS::S3::Bucket"))


# MW-05
@pytest.mark.parametrize("stack", ALL_STACKS)
def test_no_identity_policy_grants_a_wildcard_action(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    actions = {
        action
        for role_id in resources_of_type(template, "AWS::IAM::Role")
        for statement in policy_statements(template, role_id)
        for action in as_list(statement["Action"])
    }
    assert not {action for action in actions if action == "*" or action.endswith(":*")}


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_resource_star_is_granted_only_for_actions_aws_cannot_scope(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    starred = {
        action
        for role_id in resources_of_type(template, "AWS::IAM::Role")
        for statement in policy_statements(template, role_id)
        if "*" in as_list(statement["Resource"])
        for action in as_list(statement["Action"])
    }
    assert starred <= UNSCOPABLE_ACTIONS


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_every_function_has_a_role_of_its_own(assembly: Any, stack: str) -> None:
    roles = [
        referenced_id(function["Properties"]["Role"])
        for function in resources_of_type(assembly.templates[stack], "AWS::Lambda::Function").values()
    ]
    assert len(roles) == len(set(roles))


# MW-06
@pytest.mark.parametrize("stack", ALL_STACKS)
def test_stateful_resources_are_retained_on_stack_deletion(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    for resource_type in STATEFUL_TYPES:
        for resource in resources_of_type(template, resource_type).values():
            assert resource["DeletionPolicy"] == "Retain"


def test_prod_turns_on_every_deletion_protection_the_services_offer(assembly: Any) -> None:
    template = assembly.templates["WebApp-prod"]
    (table,) = resources_of_type(template, "AWS::DynamoDB::Table").values()
    (database,) = resources_of_type(template, "AWS::RDS::DBCluster").values()
    (alb,) = resources_of_type(template, "AWS::ElasticLoadBalancingV2::LoadBalancer").values()
    attributes = {a["Key"]: a["Value"] for a in alb["Properties"]["LoadBalancerAttributes"]}
    assert table["Properties"]["DeletionProtectionEnabled"] is True
    assert database["Properties"]["DeletionProtection"] is True
    assert attributes["deletion_protection.enabled"] == "true"


# MW-07
@pytest.mark.parametrize("stack", ALL_STACKS)
def test_every_tagged_resource_carries_the_four_tags(assembly: Any, stack: str) -> None:
    expected = {key: config_of(stack).all_tags[key] for key in REQUIRED_TAGS}
    for resource in assembly.templates[stack]["Resources"].values():
        tags = resource.get("Properties", {}).get("Tags")
        if isinstance(tags, list):
            assert {tag["Key"]: tag["Value"] for tag in tags if tag["Key"] in REQUIRED_TAGS} == expected


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_roles_and_functions_are_tagged_too(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    for resource_type in ("AWS::IAM::Role", "AWS::Lambda::Function"):
        for resource in resources_of_type(template, resource_type).values():
            assert {tag["Key"] for tag in resource["Properties"]["Tags"]} >= set(REQUIRED_TAGS)


# MW-08
@pytest.mark.parametrize("stack", ALL_STACKS)
def test_no_password_or_secret_value_is_in_the_template(assembly: Any, stack: str) -> None:
    text = json.dumps(assembly.templates[stack]["Resources"])
    assert '"MasterUserPassword"' not in text
    assert not re.search(r'"(?:SecretString|Password|SecretKey)"\s*:', text)


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_no_function_environment_holds_a_secret(assembly: Any, stack: str) -> None:
    for function in resources_of_type(assembly.templates[stack], "AWS::Lambda::Function").values():
        variables = function["Properties"].get("Environment", {}).get("Variables", {})
        assert not [name for name in variables if re.search("PASSWORD|SECRET(?!_ARN)|TOKEN", name)]


# MW-09
@pytest.mark.parametrize("stack", ALL_STACKS)
def test_synthesis_reads_account_values_only_from_ssm_at_deploy_time(assembly: Any, stack: str) -> None:
    parameters = assembly.templates[stack].get("Parameters", {})
    assert all(p["Type"] == "AWS::SSM::Parameter::Value<String>" for p in parameters.values())


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_no_account_id_is_written_into_the_template(assembly: Any, stack: str) -> None:
    # The only 12-digit numbers allowed are AWS's own service accounts (ELB log delivery).
    numbers = set(re.findall(r"(?<![0-9])[0-9]{12}(?![0-9])", json.dumps(assembly.templates[stack])))
    assert numbers <= {"156460612806"}


@pytest.mark.parametrize("system", ["WebApp", "WebAppEdge"])
def test_dev_and_prod_are_built_from_the_same_code(assembly: Any, system: str) -> None:
    kinds = [
        {resource["Type"] for resource in assembly.templates[f"{system}-{env}"]["Resources"].values()}
        for env in ENVIRONMENTS
    ]
    assert kinds[0] == kinds[1]
