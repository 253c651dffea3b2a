"""TX-07: the internet-facing ALB, its two listeners, target group, logs and web ACL."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import ALB_SSL_POLICY, HTTP_PORT, HTTPS_PORT
from tests.template_queries import referenced_id, resources_of_type
from tests.webapp_stack import WEBAPP_STACKS, config_of, only, props, ssm_parameter_default

pytestmark = pytest.mark.synth


def attributes(assembly: Any, stack: str) -> dict[str, str]:
    alb = props(assembly.templates[stack], "AWS::ElasticLoadBalancingV2::LoadBalancer")
    return {attribute["Key"]: attribute["Value"] for attribute in alb["LoadBalancerAttributes"]}


def listener(assembly: Any, stack: str, port: int) -> dict[str, Any]:
    listeners = resources_of_type(assembly.templates[stack], "AWS::ElasticLoadBalancingV2::Listener").values()
    (found,) = [item["Properties"] for item in listeners if item["Properties"]["Port"] == port]
    return dict(found)


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_alb_is_internet_facing_in_the_public_subnets(assembly: Any, stack: str) -> None:
    alb = props(assembly.templates[stack], "AWS::ElasticLoadBalancingV2::LoadBalancer")
    assert alb["Scheme"] == "internet-facing"
    assert all("publicSubnet" in referenced_id(subnet) for subnet in alb["Subnets"])


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_invalid_header_fields_are_dropped(assembly: Any, stack: str) -> None:
    assert attributes(assembly, stack)["routing.http.drop_invalid_header_fields.enabled"] == "true"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_deletion_protection_follows_the_configuration(assembly: Any, stack: str) -> None:
    expected = str(config_of(stack).deletion_protection).lower()
    assert attributes(assembly, stack)["deletion_protection.enabled"] == expected


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_access_logs_go_to_an_sse_s3_bucket_of_the_stack(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    alb_attributes = attributes(assembly, stack)
    bucket = template["Resources"][referenced_id(alb_attributes["access_logs.s3.bucket"])]
    encryption = bucket["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert alb_attributes["access_logs.s3.enabled"] == "true"
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_port_80_only_redirects_to_the_443_listener(assembly: Any, stack: str) -> None:
    http = listener(assembly, stack, HTTP_PORT)
    assert http["DefaultActions"] == [
        {
            "Type": "redirect",
            "RedirectConfig": {"Port": str(HTTPS_PORT), "Protocol": "HTTPS", "StatusCode": "HTTP_301"},
        }
    ]
    assert listener(assembly, stack, HTTPS_PORT)["Protocol"] == "HTTPS"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_443_certificate_comes_from_the_configured_ssm_parameter(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    (certificate,) = listener(assembly, stack, HTTPS_PORT)["Certificates"]
    parameter = ssm_parameter_default(template, certificate["CertificateArn"])
    assert parameter == config_of(stack).webapp.alb_certificate_arn_parameter


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_443_listener_allows_tls_1_2_and_newer_only(assembly: Any, stack: str) -> None:
    assert listener(assembly, stack, HTTPS_PORT)["SslPolicy"] == ALB_SSL_POLICY


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_443_listener_forwards_to_the_target_group(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    target_group_id, _ = only(template, "AWS::ElasticLoadBalancingV2::TargetGroup")
    (action,) = listener(assembly, stack, HTTPS_PORT)["DefaultActions"]
    assert action["Type"] == "forward"
    assert referenced_id(action["TargetGroupArn"]) == target_group_id


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_target_group_health_checks_the_configured_path(assembly: Any, stack: str) -> None:
    target_group = props(assembly.templates[stack], "AWS::ElasticLoadBalancingV2::TargetGroup")
    assert target_group["HealthCheckEnabled"] is True
    assert target_group["HealthCheckPath"] == config_of(stack).webapp.health_check_path
    assert target_group["Port"] == config_of(stack).webapp.container_port


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_service_registers_its_web_container_in_the_target_group(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    target_group_id, _ = only(template, "AWS::ElasticLoadBalancingV2::TargetGroup")
    (registration,) = props(template, "AWS::ECS::Service")["LoadBalancers"]
    assert referenced_id(registration["TargetGroupArn"]) == target_group_id
    assert registration["ContainerName"] == "web"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_a_regional_web_acl_protects_the_alb(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    alb_id, _ = only(template, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    association = props(template, "AWS::WAFv2::WebACLAssociation")
    web_acl = template["Resources"][referenced_id(association["WebACLArn"])]
    assert referenced_id(association["ResourceArn"]) == alb_id
    assert web_acl["Properties"]["Scope"] == "REGIONAL"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_web_acl_has_a_rate_limit_and_the_managed_rule_groups(assembly: Any, stack: str) -> None:
    rules = props(assembly.templates[stack], "AWS::WAFv2::WebACL")["Rules"]
    managed = {rule["Statement"].get("ManagedRuleGroupStatement", {}).get("Name") for rule in rules}
    assert any("RateBasedStatement" in rule["Statement"] for rule in rules)
    assert {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"} <= managed
