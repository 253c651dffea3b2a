"""`WebAppEdge-<env>`: the web app's CloudFront side, in us-east-1 (TX-05, TX-06, TX-12).

Why a second stack, and why everything CloudFront touches is in it: a web ACL for CloudFront
(scope CLOUDFRONT) can only be created in us-east-1, and so must the ACM certificate of a custom
CloudFront domain. The regional stack `WebApp-<env>` runs in the configured region, which also
holds the ALB's REGIONAL web ACL. CloudFormation cannot reference a resource in another region,
and CDK's `cross_region_references` bridges that with two framework Lambda functions (Node.js,
with implicit, never-expiring log groups: MW-01 and MW-02 would each need an exception). Instead,
the web ACL, the distribution, the assets bucket it serves and the edge log bucket all live
here, so the distribution references its web ACL, certificate parameter and origin within one
stack and region. The one link to the regional stack is the web tier's task role, which may read
the assets: its name is derived from the configuration (`names`), the bucket and key policies
name its ARN, and this stack depends on `WebApp-<env>`, so the role exists when S3 and KMS
validate those policies. Nothing references back, so no export crosses regions.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Environment, Stack
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from policies.constants import CLOUDFRONT_REGION
from stacks.config import EnvironmentConfig
from stacks.defaults import allow_cloudwatch_logs, kms_key
from stacks.webapp import names
from stacks.webapp.cdn import ContentDelivery
from stacks.webapp.stack import WebAppStack
from stacks.webapp.storage import AssetStorage
from stacks.webapp.waf import WebAcl


class WebAppEdgeStack(Stack):
    """The edge of `regional_stack`, in `CLOUDFRONT_REGION`, deployed after it."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: EnvironmentConfig,
        regional_stack: WebAppStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            scope, construct_id, env=Environment(account=config.account, region=CLOUDFRONT_REGION), **kwargs
        )
        self.add_stack_dependency(regional_stack, "the assets bucket policy names the web tier's task role")
        # S3 server access logs are granted by bucket policy, not the legacy LogDeliveryWrite ACL
        # (the default of new CDK projects; set here because the log bucket keeps ACLs for CloudFront).
        self.node.set_context("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", True)
        web = config.webapp
        prefix = names.prefix(config)
        self.log_key = kms_key(self, "LogKey", description=f"Log groups of the {prefix} web app edge")
        allow_cloudwatch_logs(self.log_key)
        self.storage = AssetStorage(
            self,
            "Assets",
            bucket_name=names.assets_bucket_name(self, config),
            reader_role_name=regional_stack.task_role_name,
        )
        self.firewall = WebAcl(
            self, "Firewall", acl_scope="CLOUDFRONT", name=f"{prefix}-webapp-cdn", log_key=self.log_key
        )
        certificate_arn = (
            ssm.StringParameter.value_for_string_parameter(self, web.cloudfront_certificate_arn_parameter)
            if web.cloudfront_certificate_arn_parameter
            else None
        )
        self.cdn = ContentDelivery(
            self,
            "Cdn",
            assets=self.storage.bucket,
            log_bucket=self.storage.logs,
            web_acl_arn=self.firewall.arn,
            domain_name=web.cloudfront_domain_name,
            certificate_arn=certificate_arn,
        )
        CfnOutput(
            self,
            "CloudFrontDomainName",
            description="Domain name of the CloudFront distribution serving the assets",
            value=self.cdn.distribution.distribution_domain_name,
            export_name=f"{prefix}-webapp-cloudfront-domain",
        )
        CfnOutput(
            self,
            "AssetsBucketName",
            description="Bucket holding the web app's static assets",
            value=self.storage.bucket.bucket_name,
            export_name=f"{prefix}-webapp-assets-bucket",
        )
