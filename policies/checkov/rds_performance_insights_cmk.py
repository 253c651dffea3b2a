"""TX-03 / MW-03: wherever Performance Insights is on (cluster or instance), its data is encrypted
with a customer-managed KMS key; where it is off there is nothing to assess."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_customer_managed_key, is_true, properties

# (switch, key) property names; the cluster and the instance spell them differently
PROPERTY_NAMES = {
    "AWS::RDS::DBCluster": ("PerformanceInsightsEnabled", "PerformanceInsightsKmsKeyId"),
    "AWS::RDS::DBInstance": ("EnablePerformanceInsights", "PerformanceInsightsKMSKeyId"),
}


class RdsPerformanceInsightsCmk(ResourceCheck):
    CLAIMS = ("TX-03", "MW-03")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure Performance Insights data is encrypted with a customer-managed KMS key",
            id="CKV_FIN_50",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=tuple(PROPERTY_NAMES),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        switch, key = PROPERTY_NAMES[conf["Type"]]
        props = properties(conf)
        if not is_true(props.get(switch)):
            return CheckResult.UNKNOWN
        return CheckResult.PASSED if is_customer_managed_key(props.get(key)) else CheckResult.FAILED


check = RdsPerformanceInsightsCmk()
