"""One web ACL construct for every system: a per-IP rate limit, AWS managed rule groups, logs.

Requests are logged to a KMS-encrypted 30-day log group (MW-02) in the web ACL's own region, with
the headers that carry credentials or session ids redacted (MW-08). What differs between the
webhook API (WH-05) and the web app (TX-06, TX-07) comes in as keyword-only arguments.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import ArnFormat, Aws, Fn, Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from stacks.defaults import log_group


def _visibility(metric_name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric_name, sampled_requests_enabled=True
    )


def _rate_rule(*, limit: int, window_seconds: int) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name="RateLimitPerIp",
        priority=0,
        action=wafv2.CfnWebACL.RuleActionProperty(block={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                aggregate_key_type="IP", limit=limit, evaluation_window_sec=window_seconds
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


class LoggedWebAcl(Construct):
    """A web ACL of `acl_scope` ("REGIONAL" or "CLOUDFRONT") logging to its own log group.

    `associate_with` (a resource ARN) attaches the web ACL to that resource; `log_name` goes into
    the log group name `aws-waf-logs-<log_name>-<stack uuid>`.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        acl_scope: str,
        metric_name: str,
        log_name: str,
        rate_limit: int,
        rate_window_seconds: int,
        managed_rule_groups: Sequence[str],
        redacted_headers: Sequence[str],
        log_key: kms.IKey,
        associate_with: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            scope=acl_scope,
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            rules=[
                _rate_rule(limit=rate_limit, window_seconds=rate_window_seconds),
                *(
                    _managed_rule(group, priority)
                    for priority, group in enumerate(managed_rule_groups, start=1)
                ),
            ],
            visibility_config=_visibility(metric_name),
        )
        if associate_with is not None:
            # The ARN refers to the protected resource, so the association waits for it.
            wafv2.CfnWebACLAssociation(
                self, "Association", resource_arn=associate_with, web_acl_arn=self.web_acl.attr_arn
            )
        # WAF requires the `aws-waf-logs-` prefix; the stack id keeps a retained group from
        # blocking a later deployment of the same stack.
        stack_uuid = Fn.select(2, Fn.split("/", Aws.STACK_ID))
        self.log_group = log_group(
            self, "Logs", encryption_key=log_key, log_group_name=f"aws-waf-logs-{log_name}-{stack_uuid}"
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
                for header in redacted_headers
            ],
        )

    @property
    def arn(self) -> str:
        return self.web_acl.attr_arn
