"""WH-10 / WH-13: the tables the consumers write are keyed exactly as the claims say, both keys
strings: `transactions` by (`transaction_id`, `timestamp`), `audit_logs` by (`event_id`,
`timestamp`). Both are fixed by the event, so a duplicate delivery meets the first write's item and
its conditional write is a no-op; a key holding anything a delivery sets (e.g. `logged_at`) would
let duplicates through."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import Template, TemplateCheck, mappings
from policies.constants import EVENT_TIME_KEY, IDEMPOTENT_WRITERS


def expected_keys(template: Template, table: str) -> list[str]:
    """The partition key every consumer writing `table` relies on (one per consumer)."""
    return [
        key
        for handler, (variable, key) in IDEMPOTENT_WRITERS.items()
        for function in template.functions(handler)
        if template.target(template.variable(function, variable), "AWS::DynamoDB::Table") == table
    ]


class IdempotentTableKeySchema(TemplateCheck):
    CLAIMS = ("WH-10", "WH-13")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure the pipeline's tables are keyed by the event's identity and time, both strings",
            id="CKV_FIN_88",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::DynamoDB::Table",),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        wanted = expected_keys(template, logical_id)
        if not wanted:
            return CheckResult.UNKNOWN
        props = template.properties(logical_id)
        schema = {(key.get("AttributeName"), key.get("KeyType")) for key in mappings(props.get("KeySchema"))}
        types = {
            item.get("AttributeName"): item.get("AttributeType")
            for item in mappings(props.get("AttributeDefinitions"))
        }
        for partition in wanted:
            if schema != {(partition, "HASH"), (EVENT_TIME_KEY, "RANGE")}:
                return CheckResult.FAILED
            if types.get(partition) != "S" or types.get(EVENT_TIME_KEY) != "S":
                return CheckResult.FAILED
        return CheckResult.PASSED


check = IdempotentTableKeySchema()
