"""Idempotent DynamoDB writes: the first write of a key wins, a repeat is a no-op, not an error."""

from __future__ import annotations

from typing import Any, Final

from fintech_common.aws import error_code

CONDITION_FAILED: Final = "ConditionalCheckFailedException"

AttributeValue = dict[str, str]
Item = dict[str, AttributeValue]


def put_if_absent(client: Any, *, table: str, item: Item, key_attribute: str) -> bool:
    """PutItem unless an item with this key exists: True if written, False if it was a duplicate.

    Every other failure propagates (the caller reports it; nothing is swallowed).
    """
    try:
        client.put_item(
            TableName=table,
            Item=item,
            ConditionExpression=f"attribute_not_exists({key_attribute})",
        )
    except Exception as exc:
        if error_code(exc) == CONDITION_FAILED:
            return False
        raise
    return True
