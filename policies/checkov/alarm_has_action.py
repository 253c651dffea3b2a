"""WH-16 / TX-11: every CloudWatch alarm notifies someone: at least one alarm action, and actions
not switched off."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_list, is_set, properties


class AlarmHasAction(ResourceCheck):
    CLAIMS = ("WH-16", "TX-11")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every CloudWatch alarm has an alarm action",
            id="CKV_FIN_42",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        if str(props.get("ActionsEnabled", True)).lower() == "false":
            return CheckResult.FAILED
        actions = as_list(props.get("AlarmActions"))
        return CheckResult.PASSED if any(is_set(action) for action in actions) else CheckResult.FAILED


check = AlarmHasAction()
