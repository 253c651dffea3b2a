"""The WAF web ACL in front of the API stage, and its logs (WH-05)."""

from __future__ import annotations

from aws_cdk import ArnFormat, Aws, Fn, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_kms as kms
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from policies.constants import WAF_RATE_LIMIT_PER_IP, WAF_RATE_WINDOW_SECONDS
from stacks.defaults import log_group

MANAGED_RULE_GROUPS = ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet")
# Headers that carry credentials never reach the WAF logs (MW-08).
REDACTED_HEADERS = ("x-api-key", "x-webhook-signature")


def _visibility(metric_name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric_name, sampled_requests_enabled=True
    )


def _rate_rule() -> wafv2.CfnWebACL.RuleProperty:
    """Block a single IP sending more than the whole stage may take (WH-03)."""
    return wafv2.CfnWebACL.RuleProperty(
        name="RateLimitPerIp",
        priority=0,
        action=wafv2.CfnWebACL.RuleActionProperty(block={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                aggregate_key_type="IP",
                limit=WAF_RATE_LIMIT_PER_IP,
                evaluation_window_sec=WAF_RATE_WINDOW_SECONDS,
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


class WebhookFirewall(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, stage: apigateway.Stage, log_key: kms.IKey
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            rules=[
                _rate_rule(),
                *(
                    _managed_rule(name, priority)
                    for priority, name in enumerate(MANAGED_RULE_GROUPS, start=1)
                ),
            ],
            visibility_config=_visibility(f"{stack.stack_name}-webhook"),
        )
        # The stage ARN refers to the stage resource, so the association waits for the stage.
        wafv2.CfnWebACLAssociation(
            self, "Association", resource_arn=stage.stage_arn, web_acl_arn=self.web_acl.attr_arn
        )
        # WAF requires the `aws-waf-logs-` prefix; the stack id keeps the name unique per deployment.
        stack_uuid = Fn.select(2, Fn.split("/", Aws.STACK_ID))
        self.log_group = log_group(
            self,
            "Logs",
            encryption_key=log_key,
            log_group_name=f"aws-waf-logs-{stack.stack_name}-{stack_uuid}",
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
