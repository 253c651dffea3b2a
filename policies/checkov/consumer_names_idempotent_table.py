"""WH-13: transaction_processor and audit_logger each name, in their environment, a table of their
stack whose partition key is the attribute their conditional write (`attribute_not_exists`) tests:
`transaction_id` for `transactions`, `event_id` for `audit_logs`. A consumer pointed at the other
table would let a redelivered message write a second row."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import Template, TemplateCheck, mappings
from policies.constants import IDEMPOTENT_WRITERS


def partition_key(template: Template, table: str | None) -> Any:
    return next(
        (
            key.get("AttributeName")
            for key in mappings(template.properties(table).get("KeySchema"))
            if key.get("KeyType") == "HASH"
        ),
        None,
    )


class ConsumerNamesIdempotentTable(TemplateCheck):
    CLAIMS = ("WH-13",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure each pipeline consumer names the table keyed by what its idempotent write tests",
            id="CKV_FIN_87",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::Lambda::Function",),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        handler = template.properties(logical_id).get("Handler")
        if handler not in IDEMPOTENT_WRITERS:
            return CheckResult.UNKNOWN
        variable, key = IDEMPOTENT_WRITERS[handler]
        table = template.target(template.variable(logical_id, variable), "AWS::DynamoDB::Table", ("Ref",))
        return CheckResult.PASSED if table and partition_key(template, table) == key else CheckResult.FAILED


check = ConsumerNamesIdempotentTable()
