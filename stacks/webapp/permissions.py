"""The web tier's IAM statements, one function per thing it may do (TX-09, MW-05).

No `*` action, no wildcard resource: every statement names its resource, and every KMS use is
restricted to the one service that needs the key (`kms:ViaService`). Reading the assets bucket
is granted by that bucket's own policy in the edge stack (see `edge`).
"""

from __future__ import annotations

from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager

from stacks.defaults import kms_statement

SESSION_ACTIONS = ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")


def read_secret(secret: secretsmanager.ISecret, *, key: kms.IKey, sid: str) -> list[iam.PolicyStatement]:
    """Read one secret's value, decrypting it through Secrets Manager only."""
    return [
        iam.PolicyStatement(
            sid=sid,
            actions=["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            resources=[secret.secret_arn],
        ),
        kms_statement(f"{sid}Key", key=key, actions=["kms:Decrypt"], via_services=["secretsmanager"]),
    ]


def read_write_sessions(table: dynamodb.ITable, *, key: kms.IKey) -> list[iam.PolicyStatement]:
    """Item-level read and write on the sessions table (no scan, no table management)."""
    return [
        iam.PolicyStatement(
            sid="ReadWriteSessions", actions=list(SESSION_ACTIONS), resources=[table.table_arn]
        ),
        kms_statement(
            "SessionsKey",
            key=key,
            actions=["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
            via_services=["dynamodb"],
        ),
    ]


def invoke(function: lambda_.IFunction) -> list[iam.PolicyStatement]:
    """Invoke one function (its unqualified ARN)."""
    return [
        iam.PolicyStatement(
            sid="InvokeTransactionValidator",
            actions=["lambda:InvokeFunction"],
            resources=[function.function_arn],
        )
    ]
