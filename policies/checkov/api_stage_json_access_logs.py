"""WH-05: every API stage writes access logs in JSON to a log group (its `AccessLogSetting` has a
destination and a format that is a JSON object once API Gateway fills in its `$context` fields)."""

from __future__ import annotations

import json
import re
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, clean, is_set, properties

VARIABLE = re.compile(r"\$(context|stageVariables)\.[A-Za-z0-9_.]+")


def is_json_object(log_format: Any) -> bool:
    if not isinstance(log_format, str):
        return False
    try:
        return isinstance(json.loads(VARIABLE.sub("0", log_format)), dict)
    except ValueError:
        return False


class ApiStageJsonAccessLogs(ResourceCheck):
    CLAIMS = ("WH-05",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every API stage writes JSON access logs to a log group",
            id="CKV_FIN_31",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::ApiGateway::Stage",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        setting = clean(properties(conf).get("AccessLogSetting"))
        if is_set(setting.get("DestinationArn")) and is_json_object(setting.get("Format")):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = ApiStageJsonAccessLogs()
