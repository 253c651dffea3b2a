"""The webhook pipeline's CloudWatch dashboard (WH-17)."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from stacks.webhook.metrics import PERIOD, pipeline_metric, transaction_error_rate

WIDTH = 12


class WebhookDashboard(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        environment: str,
        stage: apigateway.Stage,
        functions: Mapping[str, lambda_.IFunction],
        dead_letter_queues: Mapping[str, sqs.IQueue],
    ) -> None:
        super().__init__(scope, construct_id)
        self.dashboard = cloudwatch.Dashboard(self, "Dashboard")
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="Webhooks accepted / refused",
                width=WIDTH,
                left=[
                    pipeline_metric(name, environment=environment)
                    for name in ("WebhooksAccepted", "WebhooksRefused")
                ],
            ),
            cloudwatch.GraphWidget(
                title="Transaction processing error rate (%)",
                width=WIDTH,
                left=[transaction_error_rate(environment=environment)],
            ),
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="DLQ depths (messages visible)",
                width=WIDTH,
                left=[
                    queue.metric_approximate_number_of_messages_visible(
                        label=name, statistic=cloudwatch.Stats.MAXIMUM, period=PERIOD
                    )
                    for name, queue in dead_letter_queues.items()
                ],
            ),
            cloudwatch.GraphWidget(
                title="API requests, 4XX, 5XX / latency",
                width=WIDTH,
                left=[
                    stage.metric_count(period=PERIOD),
                    stage.metric_client_error(period=PERIOD),
                    stage.metric_server_error(period=PERIOD),
                ],
                right=[
                    stage.metric_latency(statistic=cloudwatch.Stats.p(99), period=PERIOD),
                    stage.metric_integration_latency(statistic=cloudwatch.Stats.p(99), period=PERIOD),
                ],
            ),
        )
        self.dashboard.add_widgets(
            *(
                cloudwatch.GraphWidget(
                    title=f"{name}: invocations, errors, throttles / duration",
                    width=24 // len(functions),
                    left=[
                        function.metric_invocations(period=PERIOD),
                        function.metric_errors(period=PERIOD),
                        function.metric_throttles(period=PERIOD),
                    ],
                    right=[function.metric_duration(statistic=cloudwatch.Stats.p(99), period=PERIOD)],
                )
                for name, function in functions.items()
            )
        )
