"""Concurrency consistent with the API throttle (WH-06), checked before anything is built."""

from __future__ import annotations

import math

from policies.constants import API_RATE_LIMIT_RPS
from stacks.config import ConfigError, WebhookConfig

MIN_EVENT_SOURCE_CONCURRENCY = 2  # the smallest maximum concurrency an SQS event source accepts


def required_handler_concurrency(*, rate_per_second: float, p99_seconds: float) -> int:
    """Little's law: requests in flight = arrival rate x time in the system (at the p99 duration)."""
    return math.ceil(rate_per_second * p99_seconds)


def check_capacity(config: WebhookConfig, *, environment: str) -> None:
    """Refuse a configuration whose concurrency cannot carry the throttle or feed the event sources."""
    required = required_handler_concurrency(
        rate_per_second=API_RATE_LIMIT_RPS, p99_seconds=config.handler_p99_seconds
    )
    if config.handler_reserved_concurrency < required:
        raise ConfigError(
            f"{environment}.webhook.handler_reserved_concurrency: {config.handler_reserved_concurrency} "
            f"is below {required} = {API_RATE_LIMIT_RPS} requests/s x {config.handler_p99_seconds} s p99 "
            "(Little's law, WH-06)"
        )
    for key in ("processor_reserved_concurrency", "audit_reserved_concurrency"):
        value = getattr(config, key)
        if value < MIN_EVENT_SOURCE_CONCURRENCY:
            raise ConfigError(
                f"{environment}.webhook.{key}: {value} is below {MIN_EVENT_SOURCE_CONCURRENCY}, "
                "the smallest maximum concurrency of an SQS event source (WH-08)"
            )
