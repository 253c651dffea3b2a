"""WH-08: every SNS subscription of an SQS queue has a redrive policy to a dead-letter queue for
messages SNS fails to deliver; other protocols are not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, clean, is_set, json_value, properties


class SnsSqsSubscriptionDeadLetter(ResourceCheck):
    CLAIMS = ("WH-08",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every SNS-to-SQS subscription has a dead-letter queue for delivery failures",
            id="CKV_FIN_38",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::SNS::Subscription",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if str(props.get("Protocol", "")).lower() != "sqs":
            return CheckResult.UNKNOWN
        redrive = clean(json_value(props.get("RedrivePolicy")))
        return CheckResult.PASSED if is_set(redrive.get("deadLetterTargetArn")) else CheckResult.FAILED


check = SnsSqsSubscriptionDeadLetter()
