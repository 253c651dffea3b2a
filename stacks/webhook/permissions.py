"""Least-privilege statements of the webhook pipeline's roles (MW-05, WH-14).

One function per permission a role needs, each scoped to one resource and naming exact actions;
KMS use is allowed only through the AWS service that needs it (`kms:ViaService`).
"""

from __future__ import annotations

from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from stacks.defaults import kms_statement

CONSUME_ACTIONS = (
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
)


def publish(topic: sns.ITopic) -> iam.PolicyStatement:
    return iam.PolicyStatement(
        sid="PublishPaymentEvents", actions=["sns:Publish"], resources=[topic.topic_arn]
    )


def send_to(queue: sqs.IQueue, *, sid: str) -> iam.PolicyStatement:
    return iam.PolicyStatement(sid=sid, actions=["sqs:SendMessage"], resources=[queue.queue_arn])


def consume(queue: sqs.IQueue) -> iam.PolicyStatement:
    return iam.PolicyStatement(
        sid="ConsumeOwnQueue", actions=list(CONSUME_ACTIONS), resources=[queue.queue_arn]
    )


def read_secret(secret: secretsmanager.ISecret) -> iam.PolicyStatement:
    return iam.PolicyStatement(
        sid="ReadSigningSecret", actions=["secretsmanager:GetSecretValue"], resources=[secret.secret_arn]
    )


def put_item(table: dynamodb.ITable) -> iam.PolicyStatement:
    return iam.PolicyStatement(sid="PutItemOnly", actions=["dynamodb:PutItem"], resources=[table.table_arn])


def encrypt_published_events(key: kms.IKey) -> iam.PolicyStatement:
    """SNS Publish to a topic encrypted with `key`."""
    return kms_statement(
        "EncryptPublishedEvents",
        key=key,
        actions=["kms:GenerateDataKey", "kms:Decrypt"],
        via_services=["sns"],
    )


def encrypt_queued_messages(key: kms.IKey) -> iam.PolicyStatement:
    """SQS SendMessage to a queue encrypted with `key`."""
    return kms_statement(
        "EncryptQueuedMessages", key=key, actions=["kms:GenerateDataKey", "kms:Decrypt"], via_services=["sqs"]
    )


def decrypt_messages(key: kms.IKey) -> iam.PolicyStatement:
    """SQS ReceiveMessage on a queue encrypted with `key`."""
    return kms_statement("DecryptMessages", key=key, actions=["kms:Decrypt"], via_services=["sqs"])


def decrypt_secret(key: kms.IKey) -> iam.PolicyStatement:
    return kms_statement(
        "DecryptSigningSecret", key=key, actions=["kms:Decrypt"], via_services=["secretsmanager"]
    )


def use_table_key(key: kms.IKey) -> iam.PolicyStatement:
    """What DynamoDB needs on the caller's behalf to write to a table encrypted with `key`."""
    return kms_statement(
        "UseTableKey", key=key, actions=["kms:Decrypt", "kms:DescribeKey"], via_services=["dynamodb"]
    )
