"""The WAF web ACL in front of the API stage, and its logs (WH-05).

The per-IP rate limit blocks a single IP sending more than the whole stage may take (WH-03).
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_kms as kms
from constructs import Construct

from policies.constants import WAF_RATE_LIMIT_PER_IP, WAF_RATE_WINDOW_SECONDS
from stacks.waf import LoggedWebAcl

MANAGED_RULE_GROUPS = ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet")
# Headers that carry credentials never reach the WAF logs (MW-08).
REDACTED_HEADERS = ("x-api-key", "x-webhook-signature")


class WebhookFirewall(LoggedWebAcl):
    def __init__(
        self, scope: Construct, construct_id: str, *, stage: apigateway.Stage, log_key: kms.IKey
    ) -> None:
        stack_name = Stack.of(scope).stack_name
        super().__init__(
            scope,
            construct_id,
            acl_scope="REGIONAL",
            metric_name=f"{stack_name}-webhook",
            log_name=stack_name,
            rate_limit=WAF_RATE_LIMIT_PER_IP,
            rate_window_seconds=WAF_RATE_WINDOW_SECONDS,
            managed_rule_groups=MANAGED_RULE_GROUPS,
            redacted_headers=REDACTED_HEADERS,
            log_key=log_key,
            associate_with=stage.stage_arn,
        )
