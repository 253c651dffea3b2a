"""WH-16: alarms on the pipeline, each notifying the encrypted alarm topic."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import (
    ALARM_PERIOD_MINUTES,
    API_P99_LATENCY_THRESHOLD_MS,
    ERROR_RATE_THRESHOLD_PERCENT,
    METRICS_NAMESPACE,
)
from stacks.config import load_environments
from tests.template_queries import referenced_id, resources_of_type
from tests.webhook_stack import WEBHOOK_STACKS

pytestmark = pytest.mark.synth
PERIOD_SECONDS = ALARM_PERIOD_MINUTES * 60


def alarms(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [alarm["Properties"] for alarm in resources_of_type(template, "AWS::CloudWatch::Alarm").values()]


def alarm_topic_id(template: dict[str, Any]) -> str:
    [topic_id] = [
        logical_id
        for logical_id, topic in resources_of_type(template, "AWS::SNS::Topic").items()
        if "alarm" in topic["Properties"]["DisplayName"]
    ]
    return topic_id


def error_rate_alarm(template: dict[str, Any]) -> dict[str, Any]:
    [alarm] = [a for a in alarms(template) if "Metrics" in a]
    return alarm


def dead_letter_queue_ids(template: dict[str, Any]) -> set[str | None]:
    """Every queue something moves failed messages to: redrive targets of queues and subscriptions."""
    redrives = [
        q["Properties"].get("RedrivePolicy") for q in resources_of_type(template, "AWS::SQS::Queue").values()
    ]
    redrives += [
        s["Properties"].get("RedrivePolicy")
        for s in resources_of_type(template, "AWS::SNS::Subscription").values()
    ]
    found = {referenced_id(r["deadLetterTargetArn"]) for r in redrives if r}
    handler = next(
        f
        for f in resources_of_type(template, "AWS::Lambda::Function").values()
        if "DLQ_URL" in f["Properties"]["Environment"]["Variables"]
    )
    return found | {referenced_id(handler["Properties"]["Environment"]["Variables"]["DLQ_URL"])}


def simple_alarms(template: dict[str, Any], namespace: str, metric: str) -> list[dict[str, Any]]:
    return [a for a in alarms(template) if a.get("Namespace") == namespace and a.get("MetricName") == metric]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_every_alarm_notifies_the_alarm_topic(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    topic_id = alarm_topic_id(template)
    assert all(
        [referenced_id(action) for action in a["AlarmActions"]] == [topic_id] for a in alarms(template)
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_alarm_topic_is_encrypted_with_a_key_of_the_stack(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    topic = template["Resources"][alarm_topic_id(template)]
    assert (
        template["Resources"][referenced_id(topic["Properties"]["KmsMasterKeyId"])]["Type"] == "AWS::KMS::Key"
    )


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_alarm_email_comes_from_the_configured_ssm_parameter(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    [email] = [
        s["Properties"]
        for s in resources_of_type(template, "AWS::SNS::Subscription").values()
        if s["Properties"]["Protocol"] == "email"
    ]
    parameter = template["Parameters"][referenced_id(email["Endpoint"])]
    configured = load_environments()[stack.split("-", 1)[1]].alarm_email_parameter
    assert referenced_id(email["TopicArn"]) == alarm_topic_id(template)
    assert (parameter["Type"], parameter["Default"]) == ("AWS::SSM::Parameter::Value<String>", configured)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_error_rate_is_failed_over_all_transactions_without_division_by_zero(
    assembly: Any, stack: str
) -> None:
    metrics = {m["Id"]: m for m in error_rate_alarm(assembly.templates[stack])["Metrics"]}
    [result] = [m for m in metrics.values() if m["ReturnData"]]
    assert result["Expression"] == "IF(total > 0, 100 * failed / total, 0)"
    assert metrics["total"]["Expression"] == "processed + failed"


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_error_rate_sums_the_pipelines_own_metrics_of_this_environment(assembly: Any, stack: str) -> None:
    metrics = {m["Id"]: m for m in error_rate_alarm(assembly.templates[stack])["Metrics"]}
    environment = stack.split("-", 1)[1]
    for metric_id, name in (("failed", "TransactionsFailed"), ("processed", "TransactionsProcessed")):
        stat = metrics[metric_id]["MetricStat"]
        assert (stat["Metric"]["Namespace"], stat["Metric"]["MetricName"]) == (METRICS_NAMESPACE, name)
        assert stat["Metric"]["Dimensions"] == [{"Name": "Environment", "Value": environment}]
        assert (stat["Stat"], stat["Period"]) == ("Sum", PERIOD_SECONDS)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_error_rate_alarm_fires_above_the_threshold_and_ignores_missing_data(
    assembly: Any, stack: str
) -> None:
    alarm = error_rate_alarm(assembly.templates[stack])
    assert (alarm["ComparisonOperator"], alarm["Threshold"]) == (
        "GreaterThanThreshold",
        ERROR_RATE_THRESHOLD_PERCENT,
    )
    assert (alarm["EvaluationPeriods"], alarm["TreatMissingData"]) == (1, "notBreaching")


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_every_dead_letter_queue_has_an_alarm_on_any_visible_message(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    watched = {
        referenced_id(a["Dimensions"][0]["Value"])
        for a in simple_alarms(template, "AWS/SQS", "ApproximateNumberOfMessagesVisible")
        if (a["ComparisonOperator"], a["Threshold"]) == ("GreaterThanThreshold", 0)
    }
    assert watched == dead_letter_queue_ids(template)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
@pytest.mark.parametrize("metric", ["Errors", "Throttles"])
def test_every_function_has_an_alarm_on_the_metric(assembly: Any, stack: str, metric: str) -> None:
    template = assembly.templates[stack]
    watched = {
        referenced_id(a["Dimensions"][0]["Value"])
        for a in simple_alarms(template, "AWS/Lambda", metric)
        if (a["Statistic"], a["Threshold"]) == ("Sum", 0)
    }
    assert watched == set(resources_of_type(template, "AWS::Lambda::Function"))


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_api_has_an_alarm_on_5xx_responses(assembly: Any, stack: str) -> None:
    [alarm] = simple_alarms(assembly.templates[stack], "AWS/ApiGateway", "5XXError")
    assert (alarm["Statistic"], alarm["Threshold"], alarm["Period"]) == ("Sum", 0, PERIOD_SECONDS)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_api_has_an_alarm_on_p99_latency(assembly: Any, stack: str) -> None:
    [alarm] = simple_alarms(assembly.templates[stack], "AWS/ApiGateway", "Latency")
    assert (alarm["ExtendedStatistic"], alarm["Threshold"]) == ("p99", API_P99_LATENCY_THRESHOLD_MS)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_api_alarms_watch_this_stacks_api_and_stage(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    [api] = resources_of_type(template, "AWS::ApiGateway::RestApi").values()
    [stage_id] = resources_of_type(template, "AWS::ApiGateway::Stage")
    for alarm in simple_alarms(template, "AWS/ApiGateway", "5XXError") + simple_alarms(
        template, "AWS/ApiGateway", "Latency"
    ):
        assert alarm["Dimensions"] == [
            {"Name": "ApiName", "Value": api["Properties"]["Name"]},
            {"Name": "Stage", "Value": {"Ref": stage_id}},
        ]
