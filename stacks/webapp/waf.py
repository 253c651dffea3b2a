"""A web ACL with logging, for the ALB (REGIONAL) and for CloudFront (CLOUDFRONT) (TX-06, TX-07).

Rules: a per-IP rate limit (`WEBAPP_WAF_RATE_LIMIT_PER_IP` per `WEBAPP_WAF_RATE_WINDOW_SECONDS`)
and the AWS managed common, known-bad-inputs, IP-reputation and SQL-injection rule groups.
Requests are logged to a KMS-encrypted 30-day log group (MW-02) in the web ACL's own region,
with the headers that carry credentials or session ids redacted (MW-08).

A CLOUDFRONT-scope web ACL can only be created in us-east-1, so the edge stack builds that one.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, Aws, Fn, Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from policies.constants import WEBAPP_WAF_RATE_LIMIT_PER_IP, WEBAPP_WAF_RATE_WINDOW_SECONDS
from stacks.defaults import log_group

MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesSQLiRuleSet",
)
REDACTED_HEADERS = ("authorization", "cookie")


def _visibility(metric_name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric_name, sampled_requests_enabled=True
    )


def _rate_rule() -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name="RateLimitPerIp",
        priority=0,
        action=wafv2.CfnWebACL.RuleActionProperty(block={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                aggregate_key_type="IP",
                limit=WEBAPP_WAF_RATE_LIMIT_PER_IP,
                evaluation_window_sec=WEBAPP_WAF_RATE_WINDOW_SECONDS,
            )
        ),
        visibility_config=_visibility("RateLimitPerIp"),
    )


def _managed_rule(name: str, priority: int) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS", name=name
            )
        ),
        visibility_config=_visibility(name),
    )


class WebAcl(Construct):
    """A web ACL of `scope` ("REGIONAL" or "CLOUDFRONT") logging to its own log group."""

    def __init__(
        self, scope: Construct, construct_id: str, *, acl_scope: str, name: str, log_key: kms.IKey
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            scope=acl_scope,
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            rules=[
                _rate_rule(),
                *(
                    _managed_rule(group, priority)
                    for priority, group in enumerate(MANAGED_RULE_GROUPS, start=1)
                ),
            ],
            visibility_config=_visibility(name),
        )
        # WAF requires the `aws-waf-logs-` prefix; the stack id keeps a retained group from
        # blocking a later deployment of the same stack.
        stack_uuid = Fn.select(2, Fn.split("/", Aws.STACK_ID))
        self.log_group = log_group(
            self, "Logs", encryption_key=log_key, log_group_name=f"aws-waf-logs-{name}-{stack_uuid}"
        )
        wafv2.CfnLoggingConfiguration(
            self,
            "Logging",
            resource_arn=self.web_acl.attr_arn,
            log_destination_configs=[
                stack.format_arn(
                    service="logs",
                    resource="log-group",
                    resource_name=self.log_group.log_group_name,
                    arn_format=ArnFormat.COLON_RESOURCE_NAME,
                )
            ],
            redacted_fields=[
                wafv2.CfnLoggingConfiguration.FieldToMatchProperty(single_header={"Name": header})
                for header in REDACTED_HEADERS
            ],
        )

    @property
    def arn(self) -> str:
        return self.web_acl.attr_arn
