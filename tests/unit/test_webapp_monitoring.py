"""TX-11: the alerts topic, its e-mail subscription, the alarms and the dashboard."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import ALB_TARGET_5XX_ALARM_COUNT, DB_CPU_ALARM_PERCENT, ECS_ALARM_PERCENT
from tests.template_queries import referenced_id, resources_of_type
from tests.webapp_stack import VALIDATOR_HANDLER, WEBAPP_STACKS, config_of, only, props, ssm_parameter_default

pytestmark = pytest.mark.synth


def alarms(assembly: Any, stack: str) -> dict[tuple[str, str], dict[str, Any]]:
    """{(namespace, metric): alarm properties}."""
    return {
        (alarm["Properties"]["Namespace"], alarm["Properties"]["MetricName"]): alarm["Properties"]
        for alarm in resources_of_type(assembly.templates[stack], "AWS::CloudWatch::Alarm").values()
    }


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_alerts_topic_is_encrypted_with_a_customer_managed_key(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    topic = props(template, "AWS::SNS::Topic")
    assert template["Resources"][referenced_id(topic["KmsMasterKeyId"])]["Type"] == "AWS::KMS::Key"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_e_mail_address_comes_from_the_configured_ssm_parameter(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    subscription = props(template, "AWS::SNS::Subscription")
    assert subscription["Protocol"] == "email"
    assert ssm_parameter_default(template, subscription["Endpoint"]) == config_of(stack).alarm_email_parameter


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_undeliverable_alerts_are_kept_in_a_dead_letter_queue(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    queue_id, _ = only(template, "AWS::SQS::Queue")
    redrive = props(template, "AWS::SNS::Subscription")["RedrivePolicy"]
    assert referenced_id(redrive["deadLetterTargetArn"]) == queue_id


@pytest.mark.parametrize(
    ("metric", "threshold"),
    [
        (("AWS/ECS", "CPUUtilization"), ECS_ALARM_PERCENT),
        (("AWS/ECS", "MemoryUtilization"), ECS_ALARM_PERCENT),
        (("AWS/Lambda", "Errors"), 0),
        (("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"), ALB_TARGET_5XX_ALARM_COUNT),
        (("AWS/RDS", "CPUUtilization"), DB_CPU_ALARM_PERCENT),
    ],
)
@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_each_claimed_alarm_fires_above_its_threshold(
    assembly: Any, stack: str, metric: tuple[str, str], threshold: int
) -> None:
    alarm = alarms(assembly, stack)[metric]
    assert alarm["Threshold"] == threshold
    assert alarm["ComparisonOperator"] == "GreaterThanThreshold"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_connections_alarm_uses_the_configured_threshold(assembly: Any, stack: str) -> None:
    alarm = alarms(assembly, stack)[("AWS/RDS", "DatabaseConnections")]
    assert alarm["Threshold"] == config_of(stack).webapp.db_connections_alarm_threshold


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_errors_alarm_watches_the_validation_function(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    (dimension,) = alarms(assembly, stack)[("AWS/Lambda", "Errors")]["Dimensions"]
    function = template["Resources"][referenced_id(dimension["Value"])]
    assert function["Properties"]["Handler"] == VALIDATOR_HANDLER


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_every_alarm_notifies_the_alerts_topic_and_missing_data_never_breaches(
    assembly: Any, stack: str
) -> None:
    topic_id, _ = only(assembly.templates[stack], "AWS::SNS::Topic")
    for alarm in alarms(assembly, stack).values():
        assert [referenced_id(action) for action in alarm["AlarmActions"]] == [topic_id]
        assert alarm["TreatMissingData"] == "notBreaching"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_dashboard_covers_every_tier(assembly: Any, stack: str) -> None:
    body = str(props(assembly.templates[stack], "AWS::CloudWatch::Dashboard")["DashboardBody"])
    for namespace in ("AWS/ECS", "AWS/ApplicationELB", "AWS/DynamoDB", "AWS/Lambda", "AWS/RDS"):
        assert namespace in body
