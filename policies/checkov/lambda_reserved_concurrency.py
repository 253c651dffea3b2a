"""WH-06 / TX-10: every Lambda function has reserved concurrency (at least 1, so it can run)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_number, properties


class LambdaReservedConcurrency(ResourceCheck):
    CLAIMS = ("WH-06", "TX-10")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every Lambda function has reserved concurrency of at least 1",
            id="CKV_FIN_34",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::Lambda::Function",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        reserved = as_number(properties(conf).get("ReservedConcurrentExecutions"))
        return CheckResult.PASSED if reserved is not None and reserved >= 1 else CheckResult.FAILED


check = LambdaReservedConcurrency()
