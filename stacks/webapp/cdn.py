"""The CloudFront distribution serving the assets bucket (TX-06).

HTTPS only (HTTP redirects), HTTP/2 and HTTP/3, compression, standard access logs to the edge
log bucket, the CLOUDFRONT-scope web ACL, a security-headers response policy, and the bucket as
its only origin through origin access control (no OAI, no public bucket policy).

TLS: with a custom domain and certificate configured, viewers need TLS 1.2 or newer
(`CLOUDFRONT_TLS_POLICY`, TLSv1.2_2021). Without them, the distribution answers on its
`*.cloudfront.net` name with CloudFront's default certificate, and CloudFront then fixes the
minimum viewer protocol at TLSv1: a security policy can only be chosen together with a custom
certificate. That configuration (dev and prod today, until a domain is configured) therefore
carries precise acknowledgments of AwsSolutions-CFR4 and CKV_AWS_174 with this reason; configuring
`cloudfront_domain_name` and `cloudfront_certificate_arn_parameter` removes it.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from constructs import Construct

from policies.constants import CLOUDFRONT_TLS_POLICY
from stacks.acknowledgments import acknowledge
from stacks.defaults import ACKNOWLEDGMENT_EXPIRY

HSTS_MAX_AGE = Duration.days(730)
CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'"
DEFAULT_CERTIFICATE_REASON = (
    "No custom domain is configured, so the distribution uses the default *.cloudfront.net certificate, "
    "with which CloudFront fixes the minimum viewer protocol at TLSv1 (a security policy needs a custom "
    "certificate). TLSv1.2_2021 applies as soon as a domain and certificate are configured (MW-09)."
)

GEO_REASON = (
    "The distribution serves public static assets (scripts, styles, images) holding no customer data to "
    "customers in every country; geo restriction would block legitimate users without protecting data."
)

# The policy names CDK's enum stands for (its Python values are member names, not policy names).
_TLS_POLICIES = {"TLSv1.2_2021": cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021}


def security_headers(scope: Construct) -> cloudfront.ResponseHeadersPolicy:
    return cloudfront.ResponseHeadersPolicy(
        scope,
        "SecurityHeaders",
        comment="HSTS, no sniffing, no framing, strict referrer, CSP",
        security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
            strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                access_control_max_age=HSTS_MAX_AGE, include_subdomains=True, override=True
            ),
            content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
            frame_options=cloudfront.ResponseHeadersFrameOptions(
                frame_option=cloudfront.HeadersFrameOption.DENY, override=True
            ),
            referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
                override=True,
            ),
            content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                content_security_policy=CONTENT_SECURITY_POLICY, override=True
            ),
        ),
    )


class ContentDelivery(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        assets: s3.IBucket,
        log_bucket: s3.IBucket,
        web_acl_arn: str,
        domain_name: str | None,
        certificate_arn: str | None,
    ) -> None:
        super().__init__(scope, construct_id)
        custom = domain_name is not None and certificate_arn is not None
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="Static assets of the transaction web app",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(assets),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cached_methods=cloudfront.CachedMethods.CACHE_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                compress=True,
                response_headers_policy=security_headers(self),
            ),
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            enable_logging=True,
            log_bucket=log_bucket,
            log_file_prefix="cloudfront/",
            log_includes_cookies=False,
            web_acl_id=web_acl_arn,
            domain_names=[domain_name] if custom and domain_name else None,
            certificate=acm.Certificate.from_certificate_arn(self, "Certificate", certificate_arn)
            if custom and certificate_arn
            else None,
            minimum_protocol_version=_TLS_POLICIES[CLOUDFRONT_TLS_POLICY] if custom else None,
        )
        acknowledge(self.distribution, "AwsSolutions-CFR1", reason=GEO_REASON, expires=ACKNOWLEDGMENT_EXPIRY)
        if not custom:
            for finding in ("AwsSolutions-CFR4", "CKV_AWS_174"):
                acknowledge(
                    self.distribution,
                    finding,
                    reason=DEFAULT_CERTIFICATE_REASON,
                    expires=ACKNOWLEDGMENT_EXPIRY,
                )
