"""TX-01 / MW-02: every VPC flow log goes to a CloudWatch Logs log group (the project's, with its
retention and key), not to S3 or Firehose."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_set, properties


class FlowLogToLogGroup(ResourceCheck):
    CLAIMS = ("TX-01", "MW-02")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every flow log is delivered to a CloudWatch Logs log group",
            id="CKV_FIN_44",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::EC2::FlowLog",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        props = properties(conf)
        to_logs = props.get("LogDestinationType", "cloud-watch-logs") == "cloud-watch-logs"
        if to_logs and (is_set(props.get("LogGroupName")) or is_set(props.get("LogDestination"))):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = FlowLogToLogGroup()
