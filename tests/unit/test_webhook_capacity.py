"""WH-06: the handler's reserved concurrency must carry the API throttle (Little's law)."""

from __future__ import annotations

import dataclasses

import pytest

from policies.constants import API_RATE_LIMIT_RPS
from stacks.config import ConfigError, load_environments
from stacks.webhook.capacity import check_capacity, required_handler_concurrency


def test_littles_law_multiplies_rate_by_duration() -> None:
    assert required_handler_concurrency(rate_per_second=1000, p99_seconds=0.2) == 200


def test_littles_law_rounds_a_fractional_concurrency_up() -> None:
    assert required_handler_concurrency(rate_per_second=1000, p99_seconds=0.2001) == 201


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_the_configured_environments_pass_the_check(environment: str) -> None:
    check_capacity(load_environments()[environment].webhook, environment=environment)


def test_a_handler_concurrency_below_rate_times_p99_is_refused_naming_both_numbers() -> None:
    # GIVEN dev's configuration with one execution too few for the throttle
    webhook = load_environments()["dev"].webhook
    needed = required_handler_concurrency(
        rate_per_second=API_RATE_LIMIT_RPS, p99_seconds=webhook.handler_p99_seconds
    )
    short = dataclasses.replace(webhook, handler_reserved_concurrency=needed - 1)
    # WHEN it is checked THEN synthesis stops with a message naming the key and Little's law
    expected = (
        rf"dev\.webhook\.handler_reserved_concurrency: {needed - 1} is below {needed} = "
        rf"{API_RATE_LIMIT_RPS} requests/s x {webhook.handler_p99_seconds} s p99 \(Little's law"
    )
    with pytest.raises(ConfigError, match=expected):
        check_capacity(short, environment="dev")


@pytest.mark.parametrize("key", ["processor_reserved_concurrency", "audit_reserved_concurrency"])
def test_a_consumer_concurrency_an_event_source_cannot_use_is_refused(key: str) -> None:
    webhook = dataclasses.replace(load_environments()["prod"].webhook, **{key: 1})
    with pytest.raises(ConfigError, match=rf"prod\.webhook\.{key}"):
        check_capacity(webhook, environment="prod")


def test_the_stack_refuses_to_synthesize_with_too_little_handler_concurrency() -> None:
    from aws_cdk import App

    from stacks.webhook.stack import WebhookStack

    config = load_environments()["dev"]
    short = dataclasses.replace(
        config, webhook=dataclasses.replace(config.webhook, handler_reserved_concurrency=1)
    )
    with pytest.raises(ConfigError, match="Little's law"):
        WebhookStack(App(), "Webhook-short", config=short)
