"""WH-15: no role or policy of a webhook pipeline function grants `cloudwatch:PutMetricData`
(directly or through a wildcard), so the functions cannot count through the API on the request
path: their metrics are embedded-metric-format log lines."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import Template, TemplateCheck, grants, statements
from policies.constants import PIPELINE_HANDLERS

PUT_METRIC_DATA = "cloudwatch:PutMetricData"


class PipelineRolesNoPutMetricData(TemplateCheck):
    CLAIMS = ("WH-15",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure no pipeline function's role or policy grants cloudwatch:PutMetricData",
            id="CKV_FIN_93",
            categories=(CheckCategories.IAM,),
            supported_resources=("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        pipeline_roles = {template.role_of(function) for function in template.functions(*PIPELINE_HANDLERS)}
        if not template.roles_holding(logical_id) & pipeline_roles or not template.documents(logical_id):
            return CheckResult.UNKNOWN
        granted = any(
            grants(statement, PUT_METRIC_DATA)
            for document in template.documents(logical_id)
            for statement in statements(document)
        )
        return CheckResult.FAILED if granted else CheckResult.PASSED


check = PipelineRolesNoPutMetricData()
