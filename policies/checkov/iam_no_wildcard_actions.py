"""MW-05: no IAM permission policy allows `*` or a service-wide wildcard (`dynamodb:*`), nor
everything-but (`NotAction` with `Allow`)."""

from __future__ import annotations

import re
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, allowed_actions, permission_documents, statements

SERVICE_WIDE = re.compile(r"^([a-z0-9-]+:)?\*$", re.IGNORECASE)


class IamNoWildcardActions(ResourceCheck):
    CLAIMS = ("MW-05",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure no IAM policy allows '*' or a service-wide wildcard action",
            id="CKV_FIN_16",
            categories=(CheckCategories.IAM,),
            supported_resources=("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role"),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        for document in permission_documents(conf):
            for statement in statements(document):
                if statement.get("Effect") == "Allow" and "NotAction" in statement:
                    return CheckResult.FAILED
                if any(SERVICE_WIDE.match(action) for action in allowed_actions(statement)):
                    return CheckResult.FAILED
        return CheckResult.PASSED


check = IamNoWildcardActions()
