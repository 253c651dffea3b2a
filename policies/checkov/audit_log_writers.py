"""WH-14: only audit_logger writes to `audit_logs`, and it only appends. No role or policy of the
stack grants a write action on the table (AUDIT_LOG_WRITE_ACTIONS: item writes, TTL, the table and
its resource policy) except audit_logger's role, whose grants on the table are `dynamodb:PutItem`
and no other DynamoDB action, and do include it. A role without inline policies is judged only
when nothing attached to it defines permissions (it then answers for the missing PutItem)."""

from __future__ import annotations

import fnmatch
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import (
    Template,
    TemplateCheck,
    allowed_actions,
    arn_pattern_covers,
    as_list,
    grants,
    mentions,
    statements,
    text,
)
from policies.constants import (
    AUDIT_LOG_APPEND_ACTION,
    AUDIT_LOG_WRITE_ACTIONS,
    AUDIT_LOGGER,
    AUDIT_TABLE_VARIABLE,
)


def reaches(template: Template, resource: Any, table: str) -> bool:
    """An IAM resource covers the table: `*`, a reference to it, or an ARN pattern matching its name."""
    if resource == "*" or mentions(resource, table):
        return True
    name = text(template.properties(table).get("TableName")).replace("{}", "\0") or table
    pattern = text(resource)
    return bool(pattern) and arn_pattern_covers(pattern, f"arn:aws:dynamodb:region:account:table/{name}")


def on_table(template: Template, documents: list[Any], table: str) -> list[dict[str, Any]]:
    """The `Allow` statements of `documents` whose resources cover `table`."""
    return [
        statement
        for document in documents
        for statement in statements(document)
        if statement.get("Effect") == "Allow"
        and (
            "NotResource" in statement
            or any(reaches(template, resource, table) for resource in as_list(statement.get("Resource")))
        )
    ]


def only_appends(statement: dict[str, Any]) -> bool:
    """The statement grants no DynamoDB action but `dynamodb:PutItem`."""
    if "NotAction" in statement:
        return False
    return all(
        action.lower() == AUDIT_LOG_APPEND_ACTION.lower()
        or not fnmatch.fnmatchcase("dynamodb", action.split(":", 1)[0].lower())
        for action in allowed_actions(statement)
    )


def appends(template: Template, role: str, table: str) -> bool:
    """Something of the role grants `dynamodb:PutItem` on the table."""
    return any(
        grants(statement, AUDIT_LOG_APPEND_ACTION)
        for statement in on_table(template, template.role_documents(role), table)
    )


class AuditLogWriters(TemplateCheck):
    CLAIMS = ("WH-14",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure only audit_logger's role may write to the audit log, and only dynamodb:PutItem",
            id="CKV_FIN_89",
            categories=(CheckCategories.IAM,),
            supported_resources=("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        tables = template.named_by(AUDIT_LOGGER, AUDIT_TABLE_VARIABLE, "AWS::DynamoDB::Table")
        if not tables:
            return CheckResult.UNKNOWN
        writers = {
            role for f in template.functions(AUDIT_LOGGER) if (role := template.role_of(f)) is not None
        }
        roles = template.roles_holding(logical_id)
        is_writer = bool(roles) and roles <= writers
        for table in tables:
            granted = on_table(template, template.documents(logical_id), table)
            if not is_writer and any(
                grants(s, action) for s in granted for action in AUDIT_LOG_WRITE_ACTIONS
            ):
                return CheckResult.FAILED
            if is_writer and not all(only_appends(statement) for statement in granted):
                return CheckResult.FAILED
            if is_writer and any(
                logical_id in template.answerable(role) and not appends(template, role, table)
                for role in roles
            ):
                return CheckResult.FAILED
        return CheckResult.PASSED if template.documents(logical_id) else CheckResult.UNKNOWN


check = AuditLogWriters()
