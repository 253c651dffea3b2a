"""WH-14: the `audit_logs` table's own resource policy makes it append-only whatever any IAM policy
grants: it denies everyone every other write (AUDIT_LOG_DENIED_ACTIONS) without condition, and
denies `dynamodb:PutItem` to every principal but audit_logger's role."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import (
    Template,
    TemplateCheck,
    action_matches,
    as_list,
    clean,
    dig,
    json_value,
    mentions,
    statements,
)
from policies.constants import (
    AUDIT_LOG_APPEND_ACTION,
    AUDIT_LOG_DENIED_ACTIONS,
    AUDIT_LOGGER,
    AUDIT_TABLE_VARIABLE,
)

EXCEPT_OPERATORS = ("ArnNotEquals", "ArnNotLike", "StringNotEquals", "StringNotLike")
PRINCIPAL_ARN = "aws:principalarn"


def denies_everyone(statement: dict[str, Any], action: str, table: str) -> bool:
    """A `Deny` of `action` on the table (or `*`) for every principal."""
    principal = statement.get("Principal")
    everyone = principal == "*" or "*" in as_list(clean(principal).get("AWS"))
    resources = as_list(statement.get("Resource"))
    on_table = "*" in resources or any(mentions(resource, table) for resource in resources)
    if statement.get("Effect") != "Deny" or not everyone or not on_table:
        return False
    if "NotAction" in statement:
        return not any(action_matches(pattern, action) for pattern in as_list(statement["NotAction"]))
    return any(action_matches(pattern, action) for pattern in as_list(statement.get("Action")))


def spares_only(template: Template, statement: dict[str, Any], writers: set[str]) -> bool:
    """The statement's only condition exempts the `writers` roles, by ARN, and nobody else."""
    condition = clean(statement.get("Condition"))
    if len(condition) != 1 or next(iter(condition)) not in EXCEPT_OPERATORS:
        return False
    keys = clean(next(iter(condition.values())))
    if [key.lower() for key in keys] != [PRINCIPAL_ARN]:
        return False
    spared = {template.arn_target(value) for value in as_list(next(iter(keys.values())))}
    return bool(writers) and spared == writers


class AuditLogResourcePolicyAppendOnly(TemplateCheck):
    CLAIMS = ("WH-14",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure the audit log table's resource policy denies every write but audit_logger's PutItem",
            id="CKV_FIN_90",
            categories=(CheckCategories.IAM,),
            supported_resources=("AWS::DynamoDB::Table",),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        if logical_id not in template.named_by(AUDIT_LOGGER, AUDIT_TABLE_VARIABLE, "AWS::DynamoDB::Table"):
            return CheckResult.UNKNOWN
        writers = {
            role
            for function in template.functions(AUDIT_LOGGER)
            if template.target(template.variable(function, AUDIT_TABLE_VARIABLE), "AWS::DynamoDB::Table")
            == logical_id
            and (role := template.role_of(function)) is not None
        }
        policy = statements(
            json_value(dig(template.properties(logical_id), "ResourcePolicy", "PolicyDocument"))
        )
        unconditional = [statement for statement in policy if "Condition" not in statement]
        if not all(
            any(denies_everyone(s, a, logical_id) for s in unconditional) for a in AUDIT_LOG_DENIED_ACTIONS
        ):
            return CheckResult.FAILED
        if any(denies_everyone(s, AUDIT_LOG_APPEND_ACTION, logical_id) for s in unconditional):
            return CheckResult.FAILED  # audit_logger could not append either
        if not any(
            denies_everyone(s, AUDIT_LOG_APPEND_ACTION, logical_id) and spares_only(template, s, writers)
            for s in policy
        ):
            return CheckResult.FAILED
        return CheckResult.PASSED


check = AuditLogResourcePolicyAppendOnly()
