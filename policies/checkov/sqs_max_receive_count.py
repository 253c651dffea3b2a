"""WH-08: every SQS queue with a dead-letter queue moves a message there after exactly the project's
maximum receive count (1 delivery + 3 retries); queues without a redrive policy are not assessed."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_number, clean, is_set, json_value, properties
from policies.constants import MAX_RECEIVE_COUNT


class SqsMaxReceiveCount(ResourceCheck):
    CLAIMS = ("WH-08",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every queue with a dead-letter queue has maxReceiveCount {MAX_RECEIVE_COUNT}",
            id="CKV_FIN_35",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::SQS::Queue",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if "RedrivePolicy" not in props:
            return CheckResult.UNKNOWN
        redrive = clean(json_value(props["RedrivePolicy"]))
        if (
            is_set(redrive.get("deadLetterTargetArn"))
            and as_number(redrive.get("maxReceiveCount")) == MAX_RECEIVE_COUNT
        ):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = SqsMaxReceiveCount()
