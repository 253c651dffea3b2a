"""The signing secret: read at run time, cached for 300 s, never shown (WH-12, MW-08)."""

from __future__ import annotations

import pytest
from botocore.stub import Stubber

from tests.webhook_testkit import stubbable_client
from webhook_handler.secret import TTL_SECONDS, CachedSecret, SecretUnavailable, secrets_manager_fetcher

SECRET_ID = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook-signing-AbCdEf"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingFetch:
    def __init__(self, *values: str) -> None:
        self.values = list(values)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return self.values[min(self.calls, len(self.values)) - 1]


def test_the_secret_is_fetched_once_within_the_ttl() -> None:
    fetch, clock = CountingFetch("s1"), Clock()
    cache = CachedSecret(fetch, clock=clock)
    for _ in range(50):
        assert cache.get() == "s1"
        clock.now += 5
    assert fetch.calls == 1


def test_a_rotated_secret_is_picked_up_after_the_ttl() -> None:
    fetch, clock = CountingFetch("old", "new"), Clock()
    cache = CachedSecret(fetch, clock=clock)
    assert cache.get() == "old"
    clock.now += TTL_SECONDS
    assert cache.get() == "new"


def test_the_ttl_is_five_minutes() -> None:
    assert TTL_SECONDS == 300


def test_the_cache_never_shows_the_secret() -> None:
    cache = CachedSecret(lambda: "whsec_do_not_show")
    cache.get()
    assert "whsec_do_not_show" not in repr(cache)


def test_a_failed_fetch_propagates_and_is_retried_next_time() -> None:
    calls: list[int] = []

    def fetch() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise SecretUnavailable("ThrottlingException")
        return "s1"

    cache = CachedSecret(fetch)
    with pytest.raises(SecretUnavailable):
        cache.get()
    assert cache.get() == "s1"


def test_the_fetcher_reads_the_secret_string() -> None:
    client = stubbable_client("secretsmanager")
    with Stubber(client) as stub:
        stub.add_response("get_secret_value", {"SecretString": "whsec_value"}, {"SecretId": SECRET_ID})
        assert secrets_manager_fetcher(client, SECRET_ID)() == "whsec_value"


def test_a_secrets_manager_error_makes_the_secret_unavailable() -> None:
    client = stubbable_client("secretsmanager")
    with Stubber(client) as stub:
        stub.add_client_error("get_secret_value", service_error_code="ResourceNotFoundException")
        with pytest.raises(SecretUnavailable) as raised:
            secrets_manager_fetcher(client, SECRET_ID)()
    assert raised.value.code == "ResourceNotFoundException"


def test_a_binary_secret_is_unavailable() -> None:
    client = stubbable_client("secretsmanager")
    with Stubber(client) as stub:
        stub.add_response("get_secret_value", {"SecretBinary": b"x"})
        with pytest.raises(SecretUnavailable, match="NoSecretString"):
            secrets_manager_fetcher(client, SECRET_ID)()
