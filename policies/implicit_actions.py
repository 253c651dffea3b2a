"""Actions a Lambda function's role needs that the function's own code never calls (MW-05).

The e2e tests record every AWS call each handler makes (`policies/observed_calls.json`); the gate
compares that with what each role grants (`tools/gate/least_privilege.py`). Some grants are used
by AWS on the function's behalf, with the function's role, so no handler call shows them. Each
entry below names the trigger in the template that makes AWS use them, the actions and why; the
gate allows them only when the trigger exists for that function, and only on the resource the
trigger names (the function's own log group, the key of the queue it reads, ...).

Sources: Lambda Developer Guide (execution role, "Using Lambda with Amazon SQS", "Securing
environment variables", "Visualize Lambda function invocations using AWS X-Ray"), Amazon SNS, SQS
and Secrets Manager developer guides ("Key management" / "Encryption at rest") and "How Amazon
DynamoDB uses AWS KMS".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, kw_only=True)
class ImplicitActions:
    trigger: str  # what in the template makes AWS call these with the function's role
    actions: tuple[str, ...]
    reason: str


FUNCTION_LOGS: Final = ImplicitActions(
    trigger="every function (LoggingConfig.LogGroup names its log group)",
    actions=("logs:CreateLogStream", "logs:PutLogEvents"),
    reason="The Lambda service sends the function's stdout and stderr to its log group with the "
    "execution role; the handler's log lines and embedded metrics (WH-15) travel this way.",
)
ACTIVE_TRACING: Final = ImplicitActions(
    trigger="TracingConfig.Mode Active",
    actions=("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
    reason="With active tracing the Lambda service sends the invocation's trace segments to X-Ray "
    "with the execution role.",
)
ENVIRONMENT_KEY: Final = ImplicitActions(
    trigger="KmsKeyArn with at least one environment variable",
    actions=("kms:Decrypt",),
    reason="Lambda decrypts environment variables encrypted with a customer managed key at cold "
    "start with the execution role; without variables there is nothing to decrypt.",
)
SQS_EVENT_SOURCE: Final = ImplicitActions(
    trigger="an AWS::Lambda::EventSourceMapping from an SQS queue to the function",
    actions=("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
    reason="The event source mapping's poller reads the queue, deletes processed messages and reads "
    "the queue's attributes with the execution role (the three actions the Lambda guide requires).",
)
ENCRYPTED_SOURCE_QUEUE: Final = ImplicitActions(
    trigger="the SQS queue of an event source mapping is encrypted with a customer managed key",
    actions=("kms:Decrypt",),
    reason="SQS decrypts each message the poller receives with the caller's credentials, which are "
    "the execution role's.",
)

# KMS actions an AWS service performs with the caller's credentials when the function calls it on
# a resource encrypted with a customer managed key: by the targeted resource's type.
ENCRYPTED_TARGETS: Final[Mapping[str, ImplicitActions]] = {
    "AWS::SNS::Topic": ImplicitActions(
        trigger="the function publishes to an SNS topic encrypted with a customer managed key",
        actions=("kms:GenerateDataKey", "kms:Decrypt"),
        reason="SNS generates and decrypts the data key for each published message with the "
        "publisher's credentials.",
    ),
    "AWS::SQS::Queue": ImplicitActions(
        trigger="the function sends to an SQS queue encrypted with a customer managed key",
        actions=("kms:GenerateDataKey", "kms:Decrypt"),
        reason="SQS generates and decrypts the data key for messages sent to an encrypted queue "
        "with the producer's credentials.",
    ),
    "AWS::SecretsManager::Secret": ImplicitActions(
        trigger="the function reads a secret encrypted with a customer managed key",
        actions=("kms:Decrypt",),
        reason="Secrets Manager decrypts the secret value with the credentials of the caller of "
        "GetSecretValue.",
    ),
    "AWS::DynamoDB::Table": ImplicitActions(
        trigger="the function accesses a DynamoDB table encrypted with a customer managed key",
        actions=("kms:Decrypt", "kms:DescribeKey"),
        reason="DynamoDB checks the table key and decrypts the table's data key with the caller's "
        "credentials when the caller first accesses the table and each time it refreshes the key.",
    ),
}

# Where each encrypted resource type names its key.
KEY_PROPERTIES: Final[Mapping[str, tuple[str, ...]]] = {
    "AWS::SNS::Topic": ("KmsMasterKeyId",),
    "AWS::SQS::Queue": ("KmsMasterKeyId",),
    "AWS::SecretsManager::Secret": ("KmsKeyId",),
    "AWS::DynamoDB::Table": ("SSESpecification", "KMSMasterKeyId"),
}
