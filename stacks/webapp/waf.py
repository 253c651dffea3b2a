"""The web app's web ACLs, for the ALB (REGIONAL) and for CloudFront (CLOUDFRONT) (TX-06, TX-07).

Rules: a per-IP rate limit (`WEBAPP_WAF_RATE_LIMIT_PER_IP` per `WEBAPP_WAF_RATE_WINDOW_SECONDS`)
and the AWS managed common, known-bad-inputs, IP-reputation and SQL-injection rule groups.
Requests are logged to a KMS-encrypted 30-day log group (MW-02) in the web ACL's own region,
with the headers that carry credentials or session ids redacted (MW-08).

A CLOUDFRONT-scope web ACL can only be created in us-east-1, so the edge stack builds that one.
"""

from __future__ import annotations

from aws_cdk import aws_kms as kms
from constructs import Construct

from policies.constants import WEBAPP_WAF_RATE_LIMIT_PER_IP, WEBAPP_WAF_RATE_WINDOW_SECONDS
from stacks.waf import LoggedWebAcl

MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesSQLiRuleSet",
)
REDACTED_HEADERS = ("authorization", "cookie")


class WebAcl(LoggedWebAcl):
    """A web ACL of `acl_scope` ("REGIONAL" or "CLOUDFRONT") named `name`, logging to its own log group."""

    def __init__(
        self, scope: Construct, construct_id: str, *, acl_scope: str, name: str, log_key: kms.IKey
    ) -> None:
        super().__init__(
            scope,
            construct_id,
            acl_scope=acl_scope,
            metric_name=name,
            log_name=name,
            rate_limit=WEBAPP_WAF_RATE_LIMIT_PER_IP,
            rate_window_seconds=WEBAPP_WAF_RATE_WINDOW_SECONDS,
            managed_rule_groups=MANAGED_RULE_GROUPS,
            redacted_headers=REDACTED_HEADERS,
            log_key=log_key,
        )
