"""WH-05, MW-08: the WAF web ACL in front of the API stage."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import WAF_RATE_LIMIT_PER_IP, WAF_RATE_WINDOW_SECONDS
from tests.template_queries import referenced_id, resources_of_type
from tests.webhook_stack import WEBHOOK_STACKS

pytestmark = pytest.mark.synth


def web_acl(template: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    [(logical_id, acl)] = resources_of_type(template, "AWS::WAFv2::WebACL").items()
    return logical_id, acl["Properties"]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_web_acl_is_regional(assembly: Any, stack: str) -> None:
    assert web_acl(assembly.templates[stack])[1]["Scope"] == "REGIONAL"


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_a_rate_based_rule_blocks_a_flooding_ip(assembly: Any, stack: str) -> None:
    rules = web_acl(assembly.templates[stack])[1]["Rules"]
    [rate] = [rule for rule in rules if "RateBasedStatement" in rule["Statement"]]
    statement = rate["Statement"]["RateBasedStatement"]
    assert rate["Action"] == {"Block": {}}
    assert (statement["AggregateKeyType"], statement["Limit"], statement["EvaluationWindowSec"]) == (
        "IP",
        WAF_RATE_LIMIT_PER_IP,
        WAF_RATE_WINDOW_SECONDS,
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_aws_common_and_known_bad_inputs_rule_groups_apply(assembly: Any, stack: str) -> None:
    rules = web_acl(assembly.templates[stack])[1]["Rules"]
    groups = {
        rule["Statement"]["ManagedRuleGroupStatement"]["Name"]
        for rule in rules
        if "ManagedRuleGroupStatement" in rule["Statement"]
        and rule["Statement"]["ManagedRuleGroupStatement"]["VendorName"] == "AWS"
        and rule["OverrideAction"] == {"None": {}}
    }
    assert groups == {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"}


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_web_acl_is_associated_with_the_api_stage(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    acl_id, _ = web_acl(template)
    [stage_id] = resources_of_type(template, "AWS::ApiGateway::Stage")
    [association] = resources_of_type(template, "AWS::WAFv2::WebACLAssociation").values()
    arn_parts = association["Properties"]["ResourceArn"]["Fn::Join"][1]
    assert referenced_id(association["Properties"]["WebACLArn"]) == acl_id
    assert {"Ref": stage_id} in arn_parts


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_waf_logs_never_hold_the_api_key_or_the_signature(assembly: Any, stack: str) -> None:
    [logging] = resources_of_type(assembly.templates[stack], "AWS::WAFv2::LoggingConfiguration").values()
    redacted = {field["SingleHeader"]["Name"] for field in logging["Properties"]["RedactedFields"]}
    assert redacted == {"x-api-key", "x-webhook-signature"}
