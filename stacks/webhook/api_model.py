"""The JSON Schema (draft 4, the version API Gateway validates) of `POST /webhook` bodies (WH-04)."""

from __future__ import annotations

from aws_cdk import aws_apigateway as apigateway

from policies.constants import CURRENCY_CODE_PATTERN, TRANSACTION_ID_PATTERN, TRANSACTION_STATUSES

REQUIRED_FIELDS = ("transaction_id", "amount", "currency", "status")


def webhook_payload_schema() -> apigateway.JsonSchema:
    """Required fields with their types; extra fields are allowed (the handler screens them, WH-11)."""
    return apigateway.JsonSchema(
        schema=apigateway.JsonSchemaVersion.DRAFT4,
        title="WebhookPayload",
        type=apigateway.JsonSchemaType.OBJECT,
        required=list(REQUIRED_FIELDS),
        properties={
            "transaction_id": apigateway.JsonSchema(
                type=apigateway.JsonSchemaType.STRING, pattern=TRANSACTION_ID_PATTERN
            ),
            "amount": apigateway.JsonSchema(
                type=apigateway.JsonSchemaType.NUMBER, minimum=0, exclusive_minimum=True
            ),
            "currency": apigateway.JsonSchema(
                type=apigateway.JsonSchemaType.STRING, pattern=CURRENCY_CODE_PATTERN
            ),
            "status": apigateway.JsonSchema(
                type=apigateway.JsonSchemaType.STRING, enum=list(TRANSACTION_STATUSES)
            ),
        },
        additional_properties=True,
    )
