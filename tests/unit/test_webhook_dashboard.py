"""WH-17: the dashboard shows what operators need to run the pipeline."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.template_queries import referenced_id, resources_of_type
from tests.webhook_stack import WEBHOOK_STACKS

pytestmark = pytest.mark.synth


def widgets(template: dict[str, Any]) -> list[dict[str, Any]]:
    """The dashboard's widgets, with every CloudFormation reference rendered as `<logical id>`."""
    [dashboard] = resources_of_type(template, "AWS::CloudWatch::Dashboard").values()
    parts = dashboard["Properties"]["DashboardBody"]["Fn::Join"][1]
    body = "".join(part if isinstance(part, str) else f"<{referenced_id(part)}>" for part in parts)
    return list(json.loads(body)["widgets"])


def metric_names(widget: dict[str, Any]) -> set[str]:
    return {line[1] for line in widget["properties"]["metrics"] if isinstance(line[0], str)}


def widget_titled(template: dict[str, Any], prefix: str) -> dict[str, Any]:
    [widget] = [w for w in widgets(template) if w["properties"]["title"].startswith(prefix)]
    return widget


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_dashboard_shows_webhooks_accepted_and_refused(assembly: Any, stack: str) -> None:
    widget = widget_titled(assembly.templates[stack], "Webhooks accepted")
    assert metric_names(widget) == {"WebhooksAccepted", "WebhooksRefused"}


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_dashboard_shows_the_processing_error_rate(assembly: Any, stack: str) -> None:
    widget = widget_titled(assembly.templates[stack], "Transaction processing error rate")
    expressions = [
        line[0]["expression"] for line in widget["properties"]["metrics"] if isinstance(line[0], dict)
    ]
    assert "IF(total > 0, 100 * failed / total, 0)" in expressions


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_dashboard_shows_the_depth_of_every_dlq(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    widget = widget_titled(template, "DLQ depths")
    shown = {line[3] for line in widget["properties"]["metrics"]}
    alarmed = {
        f"<{referenced_id(a['Properties']['Dimensions'][0]['Value'])}>"
        for a in resources_of_type(template, "AWS::CloudWatch::Alarm").values()
        if a["Properties"].get("MetricName") == "ApproximateNumberOfMessagesVisible"
    }
    assert shown == alarmed


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_dashboard_shows_invocations_errors_throttles_and_duration_of_every_function(
    assembly: Any, stack: str
) -> None:
    template = assembly.templates[stack]
    function_widgets = [
        w for w in widgets(template) if "invocations, errors, throttles" in w["properties"]["title"]
    ]
    shown = {line[3] for w in function_widgets for line in w["properties"]["metrics"]}
    assert all(
        metric_names(w) == {"Invocations", "Errors", "Throttles", "Duration"} for w in function_widgets
    )
    assert shown == {f"<{logical_id}>" for logical_id in resources_of_type(template, "AWS::Lambda::Function")}


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_dashboard_shows_api_count_4xx_5xx_and_latency(assembly: Any, stack: str) -> None:
    widget = widget_titled(assembly.templates[stack], "API requests")
    assert {"Count", "4XXError", "5XXError", "Latency"} <= metric_names(widget)
