"""The webhook pipeline: API -> webhook_handler -> SNS -> SQS -> consumers -> DynamoDB (WH-01..WH-17).

The stack only wires the constructs together and hands each role its statements; every number
comes from `policies.constants` and every environment difference from `EnvironmentConfig`.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, Stack
from constructs import Construct

from policies.constants import (
    CONSUMER_TIMEOUT_SECONDS,
    METRICS_NAMESPACE,
    PROCESSOR_STATUSES,
    VISIBILITY_TIMEOUT_FACTOR,
    WEBHOOK_HANDLER_TIMEOUT_SECONDS,
)
from stacks.config import EnvironmentConfig
from stacks.defaults import dead_letter_queue
from stacks.webhook import permissions
from stacks.webhook.alarms import WebhookAlarms
from stacks.webhook.api import WebhookApi
from stacks.webhook.capacity import check_capacity
from stacks.webhook.dashboard import WebhookDashboard
from stacks.webhook.functions import PipelineFunction
from stacks.webhook.keys import WebhookKeys
from stacks.webhook.messaging import ConsumerQueue, PaymentEventsTopic
from stacks.webhook.outputs import export, export_name, export_replay_targets
from stacks.webhook.signing_secret import SigningSecret
from stacks.webhook.tables import PaymentTables
from stacks.webhook.waf import WebhookFirewall

HANDLERS = {
    "webhook_handler": "webhook_handler.handler.lambda_handler",
    "transaction_processor": "transaction_processor.handler.lambda_handler",
    "audit_logger": "audit_logger.handler.lambda_handler",
}
SQS_SUBSCRIPTION_KEY_CONDITION = "@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption"
HANDLER_FAILURES = "events it cannot publish go to its own SQS DLQ and, failing that, the caller gets a 5xx"
CONSUMER_FAILURES = (
    "it is invoked by its SQS event source, which returns failed messages to the queue and moves them to "
    "the queue's redrive DLQ after MAX_RECEIVE_COUNT receives"
)


class WebhookStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: EnvironmentConfig, **kwargs: Any
    ) -> None:
        check_capacity(config.webhook, environment=config.name)
        super().__init__(scope, construct_id, **kwargs)
        # SNS may use a queue's key only when delivering from the subscribed topic (aws:SourceArn).
        self.node.set_context(SQS_SUBSCRIPTION_KEY_CONDITION, True)
        sizing = config.webhook
        keys = WebhookKeys(self, "Keys")
        tables = PaymentTables(self, "Tables", environment=config.name, encryption_key=keys.data)
        secret = SigningSecret(self, "SigningSecret", encryption_key=keys.secrets).secret
        topic = PaymentEventsTopic(self, "PaymentEvents", encryption_key=keys.events).topic
        handler_dlq = dead_letter_queue(
            self,
            "WebhookHandlerDeadLetterQueue",
            encryption_key=keys.queues,
            fed_by="webhook_handler, for accepted events it could not publish (WH-09)",
            fed_by_queue=False,
        )
        consumer_timeout = Duration.seconds(CONSUMER_TIMEOUT_SECONDS)
        visibility = Duration.seconds(CONSUMER_TIMEOUT_SECONDS * VISIBILITY_TIMEOUT_FACTOR)
        processor_queue, audit_queue = (
            ConsumerQueue(
                self,
                f"{name}Queue",
                topic=topic,
                encryption_key=keys.queues,
                visibility_timeout=visibility,
                statuses=statuses,
            )
            for name, statuses in (("TransactionProcessor", PROCESSOR_STATUSES), ("AuditLogger", None))
        )
        common_env = {"METRICS_NAMESPACE": METRICS_NAMESPACE, "ENVIRONMENT": config.name}

        handler = PipelineFunction(
            self,
            "WebhookHandler",
            function_name="webhook_handler",
            handler=HANDLERS["webhook_handler"],
            description="webhook_handler: verifies, validates and publishes payment webhooks",
            environment={
                "TOPIC_ARN": topic.topic_arn,
                "DLQ_URL": handler_dlq.queue_url,
                "SIGNING_SECRET_ARN": secret.secret_arn,
                **common_env,
            },
            statements=[
                permissions.publish(topic),
                permissions.send_to(handler_dlq, sid="ParkUnpublishedEvents"),
                permissions.encrypt_published_events(keys.events),
                permissions.encrypt_queued_messages(keys.queues),
                permissions.read_secret(secret),
                permissions.decrypt_secret(keys.secrets),
            ],
            timeout=Duration.seconds(WEBHOOK_HANDLER_TIMEOUT_SECONDS),
            reserved_concurrency=sizing.handler_reserved_concurrency,
            log_key=keys.logs,
            environment_key=keys.secrets,
            failures_go_to=HANDLER_FAILURES,
        )
        processor = PipelineFunction(
            self,
            "TransactionProcessor",
            function_name="transaction_processor",
            handler=HANDLERS["transaction_processor"],
            description="transaction_processor: writes pending and completed transactions",
            environment={"TRANSACTIONS_TABLE": tables.transactions.table_name, **common_env},
            statements=[permissions.put_item(tables.transactions), permissions.use_table_key(keys.data)],
            timeout=consumer_timeout,
            reserved_concurrency=sizing.processor_reserved_concurrency,
            log_key=keys.logs,
            environment_key=keys.secrets,
            failures_go_to=CONSUMER_FAILURES,
        )
        processor.consume(processor_queue, queue_key=keys.queues)
        auditor = PipelineFunction(
            self,
            "AuditLogger",
            function_name="audit_logger",
            handler=HANDLERS["audit_logger"],
            description="audit_logger: appends every payment event to the audit log",
            environment={"AUDIT_TABLE": tables.audit_logs.table_name, **common_env},
            statements=[permissions.put_item(tables.audit_logs), permissions.use_table_key(keys.data)],
            timeout=consumer_timeout,
            reserved_concurrency=sizing.audit_reserved_concurrency,
            log_key=keys.logs,
            environment_key=keys.secrets,
            failures_go_to=CONSUMER_FAILURES,
        )
        auditor.consume(audit_queue, queue_key=keys.queues)
        tables.make_audit_log_append_only(writer=auditor.role)

        api = WebhookApi(
            self,
            "Api",
            handler=handler.function,
            log_key=keys.logs,
            url_export_name=export_name(self, "ApiUrl"),
        )
        WebhookFirewall(self, "Firewall", stage=api.stage, log_key=keys.logs)

        functions = {"WebhookHandler": handler, "TransactionProcessor": processor, "AuditLogger": auditor}
        replay = {
            "WebhookHandlerDlq": (handler_dlq, topic.topic_arn),
            "TransactionProcessorDlq": (processor_queue.dead_letter_queue, processor_queue.queue.queue_url),
            "TransactionProcessorSubscriptionDlq": (
                processor_queue.subscription_dead_letter_queue,
                processor_queue.queue.queue_url,
            ),
            "AuditLoggerDlq": (audit_queue.dead_letter_queue, audit_queue.queue.queue_url),
            "AuditLoggerSubscriptionDlq": (
                audit_queue.subscription_dead_letter_queue,
                audit_queue.queue.queue_url,
            ),
        }
        lambdas = {name: function.function for name, function in functions.items()}
        dlqs = {name: queue for name, (queue, _) in replay.items()}
        alarms = WebhookAlarms(
            self,
            "Alarms",
            environment=config.name,
            alarm_email_parameter=config.alarm_email_parameter,
            topic_key=keys.events,
            dead_letter_key=keys.queues,
            stage=api.stage,
            functions=lambdas,
            dead_letter_queues=dlqs,
        )
        keys.allow_sns_delivery_from(alarms.topic.topic_arn, sid="AllowAlarmTopicDeliveryToItsDlq")
        replay["AlarmEmailDlq"] = (alarms.dead_letter_queue, alarms.topic.topic_arn)
        WebhookDashboard(
            self,
            "Dashboard",
            environment=config.name,
            stage=api.stage,
            functions=lambdas,
            dead_letter_queues={name: queue for name, (queue, _) in replay.items()},
        )

        export(self, "TopicArn", topic.topic_arn, description="SNS topic payment_events")
        export(
            self, "TransactionsTableName", tables.transactions.table_name, description="DynamoDB transactions"
        )
        export(self, "AuditTableName", tables.audit_logs.table_name, description="DynamoDB audit_logs")
        export(
            self, "ApiKeyId", api.api_key.key_id, description="The provider's API key (value: get-api-key)"
        )
        export(
            self, "SigningSecretArn", secret.secret_arn, description="Secret holding the webhook signing key"
        )
        export(self, "AlarmTopicArn", alarms.topic.topic_arn, description="Alarm notifications")
        export_replay_targets(self, replay)
