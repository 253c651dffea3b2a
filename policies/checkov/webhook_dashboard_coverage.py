"""WH-17: the webhook pipeline's dashboard shows webhooks accepted and refused, the transaction
processing error rate (an expression over the processed and failed counts), the depth of every
dead-letter queue of the stack, invocations, errors, throttles and duration of every pipeline
function, and count, 4XX, 5XX and latency of every API stage. The dashboard body is read with its
references resolved to the resources they name (`Fn::Join`/`Fn::Sub` over `Ref`/`Fn::GetAtt`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import Template, TemplateCheck, as_list, clean, reference
from policies.constants import (
    METRICS_NAMESPACE,
    PIPELINE_HANDLERS,
    TRANSACTION_METRICS,
    WEBHOOK_HANDLER,
    WEBHOOK_METRICS,
)

FUNCTION_METRICS = ("Invocations", "Errors", "Throttles", "Duration")
API_METRICS = ("Count", "4XXError", "5XXError", "Latency")
QUEUE_DEPTH = "ApproximateNumberOfMessagesVisible"


class Metric(NamedTuple):
    namespace: str
    name: str
    dimensions: dict[str, str]


class Widget(NamedTuple):
    metrics: list[Metric]
    has_expression: bool


def placeholder(logical_id: str, attribute: str) -> str:
    """A reference written the way `Fn::Sub` writes it: `${Id}` or `${Id.Attribute}`."""
    return f"${{{logical_id}}}" if attribute == "Ref" else f"${{{logical_id}.{attribute}}}"


def resolved(value: Any) -> str | None:
    """The body text with every reference written as a placeholder; None when a part is neither
    text nor a reference (the body cannot be read)."""
    if isinstance(value, str):
        return value
    found = reference(value)
    if found is not None:
        return placeholder(*found)
    function = clean(value)
    join = function.get("Fn::Join")
    if isinstance(join, list) and len(join) == 2 and isinstance(join[0], str):
        parts = [resolved(part) for part in as_list(join[1])]
        return None if None in parts else join[0].join(part or "" for part in parts)
    sub = as_list(function.get("Fn::Sub"))
    if sub and isinstance(sub[0], str):
        variables = {name: resolved(v) for name, v in (clean(sub[1]) if len(sub) > 1 else {}).items()}
        return re.sub(r"\$\{([^}!]+)\}", lambda match: variables.get(match[1]) or match[0], sub[0])
    return None


def expanded(rows: list[Any]) -> Iterator[list[Any]]:
    """A widget's metric rows with the `.` (as above) and `...` (the rest as above) shorthands expanded."""
    previous: list[Any] = []
    for row in rows:
        row = list(row) if isinstance(row, list) else []
        if row[:1] == ["..."]:
            values = [item for item in row[1:] if not isinstance(item, dict)]
            kept = [item for item in previous if not isinstance(item, dict)]
            row = kept[: len(kept) - len(values)] + row[1:]
        else:
            row = [previous[i] if item == "." and i < len(previous) else item for i, item in enumerate(row)]
        if row and isinstance(row[0], str):
            previous = row
        yield row


def metric(row: list[Any]) -> Metric | None:
    """[namespace, name, dimension, value, ..., {options}]; None for an expression row."""
    values = [item for item in row if not isinstance(item, dict)]
    if len(values) < 2 or len(values) % 2 or not all(isinstance(item, str) for item in values):
        return None
    return Metric(values[0], values[1], dict(zip(values[2::2], values[3::2], strict=True)))


def widgets(body: dict[str, Any]) -> list[Widget]:
    found = []
    for widget in as_list(body.get("widgets")):
        if isinstance(widget, dict) and widget.get("type") == "metric":
            rows = list(expanded(as_list(clean(widget.get("properties")).get("metrics"))))
            metrics = [m for m in map(metric, rows) if m is not None]
            expression = any(len(row) == 1 and "expression" in clean(row[0]) for row in rows)
            found.append(Widget(metrics, expression))
    return found


def shows(board: list[Widget], namespace: str, name: str, **dimensions: set[str]) -> bool:
    """Some widget graphs `name` of `namespace` with each dimension one of its accepted values."""
    return any(
        m.namespace == namespace
        and m.name == name
        and all(m.dimensions.get(key) in accepted for key, accepted in dimensions.items())
        for widget in board
        for m in widget.metrics
    )


def shows_error_rate(board: list[Widget]) -> bool:
    """One widget computes an expression over both transaction counts of METRICS_NAMESPACE."""
    return any(
        widget.has_expression
        and all(shows([widget], METRICS_NAMESPACE, name) for name in TRANSACTION_METRICS)
        for widget in board
    )


def names_of(template: Template, logical_id: str, attribute: str, name_property: str) -> set[str]:
    """How a dashboard names a resource: its reference, or its literal physical name."""
    literal = template.properties(logical_id).get(name_property)
    return {placeholder(logical_id, attribute), *([literal] if isinstance(literal, str) else [])}


def api_stages(template: Template) -> Iterator[tuple[str, str]]:
    """Every stage of a REST API of this template, with that API."""
    for stage in template.of_type("AWS::ApiGateway::Stage"):
        api = template.target(template.properties(stage).get("RestApiId"), "AWS::ApiGateway::RestApi")
        if api is not None:
            yield stage, api


def covers(template: Template, board: list[Widget]) -> bool:
    queues = all(
        shows(board, "AWS/SQS", QUEUE_DEPTH, QueueName=names_of(template, queue, "QueueName", "QueueName"))
        for queue in template.dead_letter_queues()
    )
    functions = all(
        shows(board, "AWS/Lambda", name, FunctionName=names_of(template, function, "Ref", "FunctionName"))
        for function in template.functions(*PIPELINE_HANDLERS)
        for name in FUNCTION_METRICS
    )
    stages = all(
        shows(
            board,
            "AWS/ApiGateway",
            name,
            ApiName=names_of(template, api, "Name", "Name"),
            Stage=names_of(template, stage, "Ref", "StageName"),
        )
        for stage, api in api_stages(template)
        for name in API_METRICS
    )
    webhooks = all(shows(board, METRICS_NAMESPACE, name) for name in WEBHOOK_METRICS)
    return webhooks and shows_error_rate(board) and queues and functions and stages


class WebhookDashboardCoverage(TemplateCheck):
    CLAIMS = ("WH-17",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure the webhook pipeline's dashboard shows traffic, error rate, DLQs, functions and API",
            id="CKV_FIN_94",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("AWS::CloudWatch::Dashboard",),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        if not template.functions(WEBHOOK_HANDLER):
            return CheckResult.UNKNOWN
        text = resolved(template.properties(logical_id).get("DashboardBody"))
        try:
            body = json.loads(text or "")
        except ValueError:
            return CheckResult.FAILED
        if isinstance(body, dict) and covers(template, widgets(body)):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = WebhookDashboardCoverage()
