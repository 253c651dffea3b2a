"""MW-05: no IAM role attaches an AWS managed policy: those grant on `*` (AWSLambdaBasicExecutionRole
writes to every log group), so each role carries reviewable policies of its own instead."""

from __future__ import annotations

import re
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_list, properties, text

AWS_MANAGED_POLICY = re.compile(r":iam::aws:policy/")


class IamRoleNoAwsManagedPolicies(ResourceCheck):
    CLAIMS = ("MW-05",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure no IAM role attaches an AWS managed policy",
            id="CKV_FIN_18",
            categories=(CheckCategories.IAM,),
            supported_resources=("AWS::IAM::Role",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        arns = as_list(properties(conf).get("ManagedPolicyArns"))
        if any(AWS_MANAGED_POLICY.search(text(arn)) for arn in arns):
            return CheckResult.FAILED
        return CheckResult.PASSED


check = IamRoleNoAwsManagedPolicies()
