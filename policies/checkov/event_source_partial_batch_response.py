"""WH-08: every event source mapping reports partial batch failures, so one bad message is retried
alone instead of its whole batch."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_list, properties


class EventSourcePartialBatchResponse(ResourceCheck):
    CLAIMS = ("WH-08",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every event source mapping reports batch item failures",
            id="CKV_FIN_36",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::Lambda::EventSourceMapping",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if "ReportBatchItemFailures" in as_list(properties(conf).get("FunctionResponseTypes")):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = EventSourcePartialBatchResponse()
