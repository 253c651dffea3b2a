"""TX-06: the CloudFront distribution, its web ACL in us-east-1 and its TLS policy."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_s3 as s3

from policies.constants import CLOUDFRONT_REGION, CLOUDFRONT_TLS_POLICY
from stacks.acknowledgments import acknowledgments_in
from stacks.webapp.cdn import ContentDelivery
from tests.template_queries import referenced_id, resources_of_type
from tests.webapp_stack import EDGE_STACKS, only, props

pytestmark = pytest.mark.synth


def distribution(assembly: Any, stack: str) -> dict[str, Any]:
    return dict(props(assembly.templates[stack], "AWS::CloudFront::Distribution")["DistributionConfig"])


@pytest.fixture(scope="module")
def custom_domain() -> tuple[dict[str, Any], list[str]]:
    """A distribution built with a custom domain and certificate: (config, acknowledged findings)."""
    app = App()
    stack = Stack(app, "CustomDomain", env=Environment(region=CLOUDFRONT_REGION))
    ContentDelivery(
        stack,
        "Cdn",
        assets=s3.Bucket(stack, "Assets"),
        log_bucket=s3.Bucket(stack, "Logs", object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED),
        web_acl_arn="arn:aws:wafv2:us-east-1:123456789012:global/webacl/example/11111111-2222-3333-4444-555555555555",
        domain_name="assets.example.com",
        certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
    )
    template = app.synth().get_stack_by_name("CustomDomain").template
    config = next(iter(resources_of_type(template, "AWS::CloudFront::Distribution").values()))
    return config["Properties"]["DistributionConfig"], [r.finding for r in acknowledgments_in(stack)]


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_the_edge_stack_is_in_us_east_1(assembly: Any, stack: str) -> None:
    assert assembly.app.node.find_child(stack).region == CLOUDFRONT_REGION


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_viewers_are_redirected_to_https(assembly: Any, stack: str) -> None:
    config = distribution(assembly, stack)
    behaviors = [config["DefaultCacheBehavior"], *config.get("CacheBehaviors", [])]
    assert {behavior["ViewerProtocolPolicy"] for behavior in behaviors} == {"redirect-to-https"}


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_http2_and_http3_are_served(assembly: Any, stack: str) -> None:
    assert distribution(assembly, stack)["HttpVersion"] == "http2and3"


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_responses_are_compressed(assembly: Any, stack: str) -> None:
    assert distribution(assembly, stack)["DefaultCacheBehavior"]["Compress"] is True


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_access_logs_go_to_the_edge_log_bucket(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    logging = distribution(assembly, stack)["Logging"]
    assert template["Resources"][referenced_id(logging["Bucket"])]["Type"] == "AWS::S3::Bucket"
    assert logging["IncludeCookies"] is False


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_a_cloudfront_scope_web_acl_of_the_same_stack_protects_it(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    web_acl = template["Resources"][referenced_id(distribution(assembly, stack)["WebACLId"])]
    assert web_acl["Type"] == "AWS::WAFv2::WebACL"
    assert web_acl["Properties"]["Scope"] == "CLOUDFRONT"


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_the_web_acl_logs_to_a_log_group_of_its_region(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    logging = props(template, "AWS::WAFv2::LoggingConfiguration")
    (arn,) = logging["LogDestinationConfigs"]
    parts = arn["Fn::Join"][1]
    group = template["Resources"][referenced_id(parts[-1])]["Properties"]
    assert f":logs:{CLOUDFRONT_REGION}:" in parts
    assert str(group["LogGroupName"]["Fn::Join"][1][0]).startswith("aws-waf-logs-")
    assert {"SingleHeader": {"Name": "cookie"}} in logging["RedactedFields"]


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_a_security_headers_policy_is_attached(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    policy_id = referenced_id(
        distribution(assembly, stack)["DefaultCacheBehavior"]["ResponseHeadersPolicyId"]
    )
    headers = template["Resources"][policy_id]["Properties"]["ResponseHeadersPolicyConfig"][
        "SecurityHeadersConfig"
    ]
    assert headers["StrictTransportSecurity"]["IncludeSubdomains"] is True
    assert headers["ContentTypeOptions"]["Override"] is True
    assert headers["FrameOptions"]["FrameOption"] == "DENY"


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_the_assets_bucket_is_the_only_origin(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    (origin,) = distribution(assembly, stack)["Origins"]
    bucket_id = referenced_id(origin["DomainName"])
    assert template["Resources"][bucket_id]["Type"] == "AWS::S3::Bucket"
    assert (
        referenced_id(origin["OriginAccessControlId"])
        == only(template, "AWS::CloudFront::OriginAccessControl")[0]
    )


@pytest.mark.parametrize("stack", EDGE_STACKS)
def test_without_a_custom_domain_the_default_certificate_is_acknowledged(assembly: Any, stack: str) -> None:
    config = distribution(assembly, stack)
    findings = {rule for rule, path, _ in assembly.acknowledged if path.startswith(f"{stack}/Cdn/")}
    assert "Aliases" not in config
    assert "AwsSolutions-CFR4" in findings


def test_with_a_custom_domain_viewers_need_tls_1_2(custom_domain: tuple[dict[str, Any], list[str]]) -> None:
    config, _ = custom_domain
    assert config["Aliases"] == ["assets.example.com"]
    assert config["ViewerCertificate"]["MinimumProtocolVersion"] == CLOUDFRONT_TLS_POLICY
    assert config["ViewerCertificate"]["SslSupportMethod"] == "sni-only"


def test_with_a_custom_domain_nothing_about_tls_is_acknowledged(
    custom_domain: tuple[dict[str, Any], list[str]],
) -> None:
    _, findings = custom_domain
    assert "AwsSolutions-CFR4" not in findings
    assert "CKV_AWS_174" not in findings
