"""Alerts and the operations dashboard of the web app (TX-11).

An encrypted, TLS-only topic with an e-mail subscription whose address is the value of the
SSM parameter named in the configuration (resolved at deploy time). Alarms, each notifying the
topic: ECS service CPU and memory above `ECS_ALARM_PERCENT`, any validation function error, ALB
target 5XX responses, Aurora CPU above `DB_CPU_ALARM_PERCENT` and connections above the
configured threshold, and any alert the e-mail subscription could not deliver (its dead-letter
queue). Missing data never breaches. The dashboard (`dashboard`) shows ECS, ALB, DynamoDB,
Lambda and Aurora.
"""

from __future__ import annotations

from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_rds as rds
from aws_cdk import aws_sns as sns
from constructs import Construct

from policies.constants import (
    ALB_TARGET_5XX_ALARM_COUNT,
    DB_CPU_ALARM_PERCENT,
    ECS_ALARM_PERCENT,
)
from stacks.defaults import dead_letter_queue, kms_key, topic
from stacks.webapp.dashboard import PERIOD, operations_dashboard


class Monitoring(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        name: str,
        alert_email: str,
        service: ecs.FargateService,
        load_balancer: elbv2.ApplicationLoadBalancer,
        target_group: elbv2.ApplicationTargetGroup,
        validator: lambda_.Function,
        database: rds.DatabaseCluster,
        sessions: dynamodb.Table,
        db_connections_threshold: int,
    ) -> None:
        super().__init__(scope, construct_id)
        self.key = kms_key(self, "Key", description=f"Alerts topic of {name}")
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCloudWatchAlarmsToPublish",
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=["*"],
            )
        )
        self.topic = topic(self, "Alerts", encryption_key=self.key, display_name=f"{name} alerts")
        # A key of its own: the queue's key policy names the topic, which uses the topic's key.
        self.dead_letter_key = kms_key(self, "DeadLetterKey", description=f"Undelivered alerts of {name}")
        self.dead_letter_key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowAlertsTopicToFillItsDeadLetterQueue",
                principals=[iam.ServicePrincipal("sns.amazonaws.com")],
                actions=["kms:GenerateDataKey", "kms:Decrypt"],
                resources=["*"],
                conditions={"ArnEquals": {"aws:SourceArn": self.topic.topic_arn}},
            )
        )
        self.email_dead_letter_queue = dead_letter_queue(
            self,
            "EmailDeadLetterQueue",
            encryption_key=self.dead_letter_key,
            fed_by="the alerts topic's e-mail subscription",
            fed_by_queue=False,
        )
        sns.Subscription(
            self,
            "Email",
            topic=self.topic,
            protocol=sns.SubscriptionProtocol.EMAIL,
            endpoint=alert_email,
            dead_letter_queue=self.email_dead_letter_queue,
        )
        action = actions.SnsAction(self.topic)

        target_5xx = target_group.metrics.http_code_target(
            elbv2.HttpCodeTarget.TARGET_5XX_COUNT, period=PERIOD, statistic="Sum"
        )
        self.alarms = {
            "EcsCpu": (service.metric_cpu_utilization(period=PERIOD), ECS_ALARM_PERCENT),
            "EcsMemory": (service.metric_memory_utilization(period=PERIOD), ECS_ALARM_PERCENT),
            "ValidatorErrors": (validator.metric_errors(period=PERIOD, statistic="Sum"), 0),
            "AlbTarget5xx": (target_5xx, ALB_TARGET_5XX_ALARM_COUNT),
            "DatabaseCpu": (database.metric_cpu_utilization(period=PERIOD), DB_CPU_ALARM_PERCENT),
            "DatabaseConnections": (
                database.metric_database_connections(period=PERIOD),
                db_connections_threshold,
            ),
            "UndeliveredAlerts": (
                self.email_dead_letter_queue.metric_approximate_number_of_messages_visible(
                    period=PERIOD, statistic="Maximum"
                ),
                0,
            ),
        }
        for alarm_id, (metric, threshold) in self.alarms.items():
            alarm = metric.create_alarm(
                self,
                alarm_id,
                alarm_description=f"{name}: {alarm_id} above {threshold}",
                threshold=threshold,
                evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            )
            alarm.add_alarm_action(action)

        self.dashboard = operations_dashboard(
            self,
            name=name,
            service=service,
            load_balancer=load_balancer,
            target_5xx=target_5xx,
            validator=validator,
            database=database,
            sessions=sessions,
        )
