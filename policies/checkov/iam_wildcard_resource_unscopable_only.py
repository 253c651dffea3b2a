"""MW-05: an IAM policy grants on `Resource: "*"` only the actions AWS cannot scope to a
resource (`reference_lists.UNSCOPABLE_ACTIONS`, each listed with its reason)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, allowed_actions, as_list, permission_documents, statements
from policies.checkov.reference_lists import UNSCOPABLE_ACTIONS

UNSCOPABLE = frozenset(action.lower() for action in UNSCOPABLE_ACTIONS)


def grants_scopable_action_on_everything(statement: dict[str, Any]) -> bool:
    if statement.get("Effect") != "Allow":
        return False
    if "*" not in as_list(statement.get("Resource")) and "NotResource" not in statement:
        return False
    return "NotAction" in statement or any(
        action.lower() not in UNSCOPABLE for action in allowed_actions(statement)
    )


class IamWildcardResourceUnscopableOnly(ResourceCheck):
    CLAIMS = ("MW-05",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure IAM policies grant on resource '*' only actions AWS cannot scope",
            id="CKV_FIN_17",
            categories=(CheckCategories.IAM,),
            supported_resources=("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role"),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        for document in permission_documents(conf):
            if any(grants_scopable_action_on_everything(statement) for statement in statements(document)):
                return CheckResult.FAILED
        return CheckResult.PASSED


check = IamWildcardResourceUnscopableOnly()
