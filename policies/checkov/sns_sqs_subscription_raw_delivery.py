"""WH-08: every SNS subscription of an SQS queue uses raw message delivery, so the queue message is
the published event itself; other protocols are not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_true, properties


class SnsSqsSubscriptionRawDelivery(ResourceCheck):
    CLAIMS = ("WH-08",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every SNS-to-SQS subscription uses raw message delivery",
            id="CKV_FIN_39",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::SNS::Subscription",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if str(props.get("Protocol", "")).lower() != "sqs":
            return CheckResult.UNKNOWN
        return CheckResult.PASSED if is_true(props.get("RawMessageDelivery")) else CheckResult.FAILED


check = SnsSqsSubscriptionRawDelivery()
