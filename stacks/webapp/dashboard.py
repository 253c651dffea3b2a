"""The web app's operations dashboard: ECS, ALB, DynamoDB, Lambda and Aurora (TX-11)."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_rds as rds
from constructs import Construct

from policies.constants import ALARM_PERIOD_MINUTES

PERIOD = Duration.minutes(ALARM_PERIOD_MINUTES)
# The item operations the web tier's task role is allowed (see `permissions.SESSION_ACTIONS`).
SESSION_OPERATIONS = [
    dynamodb.Operation.GET_ITEM,
    dynamodb.Operation.PUT_ITEM,
    dynamodb.Operation.UPDATE_ITEM,
    dynamodb.Operation.DELETE_ITEM,
]


def operations_dashboard(
    scope: Construct,
    *,
    name: str,
    service: ecs.FargateService,
    load_balancer: elbv2.ApplicationLoadBalancer,
    target_5xx: cloudwatch.IMetric,
    validator: lambda_.IFunction,
    database: rds.DatabaseCluster,
    sessions: dynamodb.Table,
) -> cloudwatch.Dashboard:
    """One graph per tier, in the order a request crosses them."""
    dashboard = cloudwatch.Dashboard(scope, "Dashboard", dashboard_name=name)
    dashboard.add_widgets(
        cloudwatch.GraphWidget(
            title="ALB requests, target 5XX and response time",
            left=[load_balancer.metrics.request_count(period=PERIOD), target_5xx],
            right=[load_balancer.metrics.target_response_time(period=PERIOD)],
        ),
        cloudwatch.GraphWidget(
            title="ECS service CPU and memory (%)",
            left=[
                service.metric_cpu_utilization(period=PERIOD),
                service.metric_memory_utilization(period=PERIOD),
            ],
        ),
        cloudwatch.GraphWidget(
            title="Validation function invocations, errors and duration",
            left=[validator.metric_invocations(period=PERIOD), validator.metric_errors(period=PERIOD)],
            right=[validator.metric_duration(period=PERIOD)],
        ),
        cloudwatch.GraphWidget(
            title="Sessions table consumed capacity and throttled requests",
            left=[
                sessions.metric_consumed_read_capacity_units(period=PERIOD),
                sessions.metric_consumed_write_capacity_units(period=PERIOD),
            ],
            right=[
                sessions.metric_throttled_requests_for_operations(
                    operations=SESSION_OPERATIONS, period=PERIOD
                )
            ],
        ),
        cloudwatch.GraphWidget(
            title="Aurora CPU (%) and connections",
            left=[database.metric_cpu_utilization(period=PERIOD)],
            right=[database.metric_database_connections(period=PERIOD)],
        ),
    )
    return dashboard
