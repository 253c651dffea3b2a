"""WH-15: every webhook pipeline function, and any other function that names a metrics namespace,
emits its embedded-metric-format counts in the one namespace METRICS_NAMESPACE (its
`METRICS_NAMESPACE` environment variable), where the dashboard and the alarms read them."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, environment_variables, properties
from policies.constants import METRICS_NAMESPACE, METRICS_NAMESPACE_VARIABLE, PIPELINE_HANDLERS


class PipelineMetricsNamespace(ResourceCheck):
    CLAIMS = ("WH-15",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure pipeline functions emit their metrics in the namespace {METRICS_NAMESPACE}",
            id="CKV_FIN_92",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::Lambda::Function",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        variables = environment_variables(conf)
        if (
            properties(conf).get("Handler") not in PIPELINE_HANDLERS
            and METRICS_NAMESPACE_VARIABLE not in variables
        ):
            return CheckResult.UNKNOWN
        return (
            CheckResult.PASSED
            if variables.get(METRICS_NAMESPACE_VARIABLE) == METRICS_NAMESPACE
            else CheckResult.FAILED
        )


check = PipelineMetricsNamespace()
