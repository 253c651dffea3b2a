"""Cold start: clients built once from the environment, with retries and a bounded worst case."""

from __future__ import annotations

from policies.constants import WEBHOOK_HANDLER_TIMEOUT_SECONDS
from webhook_handler import handler
from webhook_handler.runtime import API_GATEWAY_TIMEOUT_SECONDS, DEAD_LETTER, PUBLISH, build_dependencies
from webhook_handler.service import Dependencies

ENVIRONMENT = {
    "TOPIC_ARN": "arn:aws:sns:eu-west-1:123456789012:payment_events",
    "DLQ_URL": "https://sqs.eu-west-1.amazonaws.com/123456789012/webhook-handler-dlq",
    "SIGNING_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook-signing-AbCdEf",
    "METRICS_NAMESPACE": "FinTech/Payments",
    "ENVIRONMENT": "prod",
}


def test_the_handler_builds_its_dependencies_at_import() -> None:
    assert isinstance(handler.DEPENDENCIES, Dependencies)


def test_publishing_retries_three_times_in_standard_mode() -> None:
    publisher = build_dependencies(ENVIRONMENT).publisher
    config = publisher.sns.meta.config  # type: ignore[attr-defined]
    assert config.retries == {"mode": "standard", "total_max_attempts": 4}
    assert (config.connect_timeout, config.read_timeout) == (1.0, 1.5)


def test_the_environment_names_the_topic_and_the_dlq() -> None:
    publisher = build_dependencies(ENVIRONMENT).publisher
    assert (publisher.topic_arn, publisher.dlq_url) == (ENVIRONMENT["TOPIC_ARN"], ENVIRONMENT["DLQ_URL"])  # type: ignore[attr-defined]


def test_metrics_go_to_the_configured_namespace_and_environment() -> None:
    metrics = build_dependencies(ENVIRONMENT).metrics
    assert (metrics.namespace, metrics.environment) == ("FinTech/Payments", "prod")


def test_publish_and_dlq_write_fit_inside_api_gateways_timeout_even_in_the_worst_case() -> None:
    assert PUBLISH.worst_case_seconds() + DEAD_LETTER.worst_case_seconds() < API_GATEWAY_TIMEOUT_SECONDS


def test_publish_and_dlq_write_fit_inside_the_functions_timeout_even_in_the_worst_case() -> None:
    # the stack sets the timeout from policies.constants; a slow failure still ends in a 503
    assert PUBLISH.worst_case_seconds() + DEAD_LETTER.worst_case_seconds() < WEBHOOK_HANDLER_TIMEOUT_SECONDS
