"""The webhook pipeline's customer-managed KMS keys, one per kind of data (MW-03).

- `data`: the DynamoDB tables (WH-10),
- `events`: the payment-events topic and the alarm topic (WH-07, WH-16),
- `queues`: every SQS queue and DLQ (WH-08, WH-09),
- `logs`: every log group of the stack (MW-02),
- `secrets`: the webhook signing secret (WH-12) and the functions' environment variables; each role
  may decrypt only its own function's environment (encryption context) and, for webhook_handler,
  the secret through Secrets Manager.
Topics and queues have separate keys so the queue key may name the one topic SNS delivers from
(`aws:SourceArn`) without the topic, encrypted with that key, depending on its own key policy.
Separate keys keep each role's `kms:Decrypt` to the data it actually reads.
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from stacks.defaults import allow_cloudwatch_logs, kms_key


class WebhookKeys(Construct):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        name = Stack.of(self).stack_name
        self.data = kms_key(self, "DataKey", description=f"{name}: DynamoDB tables")
        self.events = kms_key(self, "EventsKey", description=f"{name}: SNS topics")
        self.queues = kms_key(self, "QueuesKey", description=f"{name}: SQS queues and dead-letter queues")
        self.logs = kms_key(self, "LogsKey", description=f"{name}: CloudWatch Logs log groups")
        self.secrets = kms_key(
            self, "SecretsKey", description=f"{name}: signing secret, function environments"
        )
        allow_cloudwatch_logs(self.logs)
        # CloudWatch alarms publish to the encrypted alarm topic (WH-16). AWS documents this grant
        # without conditions: the alarm must still be allowed to publish to a topic of this account.
        self.events.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCloudWatchAlarmsToPublish",
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=["*"],
            )
        )

    def allow_sns_delivery_from(self, topic_arn: str, *, sid: str) -> None:
        """Let SNS encrypt what `topic_arn` delivers to queues (or DLQs) encrypted with `queues`."""
        self.queues.add_to_resource_policy(
            iam.PolicyStatement(
                sid=sid,
                principals=[iam.ServicePrincipal("sns.amazonaws.com")],
                actions=["kms:GenerateDataKey", "kms:Decrypt"],
                resources=["*"],
                conditions={"ArnEquals": {"aws:SourceArn": topic_arn}},
            )
        )
