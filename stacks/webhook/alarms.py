"""Alarms of the webhook pipeline, each notifying the encrypted alarm topic (WH-16)."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from policies.constants import API_P99_LATENCY_THRESHOLD_MS, ERROR_RATE_THRESHOLD_PERCENT
from stacks.defaults import dead_letter_queue, topic
from stacks.webhook.metrics import PERIOD, transaction_error_rate


class WebhookAlarms(Construct):
    """One alarm per condition of WH-16; `dead_letter_queues` and `functions` are keyed by name."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        environment: str,
        alarm_email_parameter: str,
        topic_key: kms.IKey,
        dead_letter_key: kms.IKey,
        stage: apigateway.Stage,
        functions: Mapping[str, lambda_.IFunction],
        dead_letter_queues: Mapping[str, sqs.IQueue],
    ) -> None:
        super().__init__(scope, construct_id)
        self.topic = topic(self, "Topic", encryption_key=topic_key, display_name="webhook pipeline alarms")
        self.dead_letter_queue = dead_letter_queue(
            self,
            "EmailDeadLetterQueue",
            encryption_key=dead_letter_key,
            fed_by="the alarm topic's e-mail subscription",
            fed_by_queue=False,
        )
        self.topic.add_subscription(
            subscriptions.EmailSubscription(
                ssm.StringParameter.value_for_string_parameter(self, alarm_email_parameter),
                dead_letter_queue=self.dead_letter_queue,
            )
        )
        self._action = cloudwatch_actions.SnsAction(self.topic)
        self.alarms: dict[str, cloudwatch.Alarm] = {}
        self._alarm(
            "TransactionErrorRate",
            transaction_error_rate(environment=environment),
            threshold=ERROR_RATE_THRESHOLD_PERCENT,
            description=f"More than {ERROR_RATE_THRESHOLD_PERCENT}% of transactions failed in 5 minutes",
        )
        for name, queue in {**dead_letter_queues, "AlarmEmailDlq": self.dead_letter_queue}.items():
            self._alarm(
                f"{name}Messages",
                queue.metric_approximate_number_of_messages_visible(
                    statistic=cloudwatch.Stats.MAXIMUM, period=PERIOD
                ),
                threshold=0,
                description=f"A message is waiting in the DLQ {name}: inspect it, then replay it",
            )
        for name, function in functions.items():
            self._alarm(
                f"{name}Errors",
                function.metric_errors(period=PERIOD),
                threshold=0,
                description=f"{name} errors",
            )
            self._alarm(
                f"{name}Throttles",
                function.metric_throttles(period=PERIOD),
                threshold=0,
                description=f"{name} throttled",
            )
        self._alarm(
            "Api5xx", stage.metric_server_error(period=PERIOD), threshold=0, description="API 5XX responses"
        )
        self._alarm(
            "ApiLatencyP99",
            stage.metric_latency(statistic=cloudwatch.Stats.p(99), period=PERIOD),
            threshold=API_P99_LATENCY_THRESHOLD_MS,
            description=f"API p99 latency above {API_P99_LATENCY_THRESHOLD_MS} ms",
        )

    def _alarm(self, name: str, metric: cloudwatch.IMetric, *, threshold: float, description: str) -> None:
        alarm = cloudwatch.Alarm(
            self,
            name,
            metric=metric,
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=description,
        )
        alarm.add_alarm_action(self._action)
        self.alarms[name] = alarm
