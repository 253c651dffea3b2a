"""The pipeline's own metrics (WH-15), as the handlers emit them in embedded metric format."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch

from policies.constants import ALARM_PERIOD_MINUTES, METRICS_NAMESPACE

PERIOD = Duration.minutes(ALARM_PERIOD_MINUTES)
ERROR_RATE_EXPRESSION = "IF(total > 0, 100 * failed / total, 0)"


def pipeline_metric(name: str, *, environment: str) -> cloudwatch.Metric:
    """A Count metric of METRICS_NAMESPACE with the `Environment` dimension, summed per period."""
    return cloudwatch.Metric(
        namespace=METRICS_NAMESPACE,
        metric_name=name,
        dimensions_map={"Environment": environment},
        statistic=cloudwatch.Stats.SUM,
        period=PERIOD,
    )


def transaction_error_rate(*, environment: str) -> cloudwatch.MathExpression:
    """Failed transactions in percent of all processed and failed ones; 0 when there were none."""
    return cloudwatch.MathExpression(
        expression=ERROR_RATE_EXPRESSION,
        using_metrics={
            "failed": pipeline_metric("TransactionsFailed", environment=environment),
            "total": cloudwatch.MathExpression(
                expression="processed + failed",
                using_metrics={
                    "processed": pipeline_metric("TransactionsProcessed", environment=environment),
                    "failed": pipeline_metric("TransactionsFailed", environment=environment),
                },
                label="Transactions",
                period=PERIOD,
            ),
        },
        label="Transaction error rate (%)",
        period=PERIOD,
    )
