"""The signing secret: read from Secrets Manager at run time, cached, never shown (MW-08, WH-12).

The cache lives `ttl_seconds` (300), so a rotated secret is in use within five minutes, and a
burst of requests costs one GetSecretValue. If a read fails, requests are answered 503 (the
sender retries) and the next request reads again. Neither `repr` nor any error message holds
the value.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Final

from fintech_common.aws import error_code

TTL_SECONDS: Final = 300


class SecretUnavailable(Exception):
    """The secret could not be read (`code` says why); the request cannot be verified now."""

    def __init__(self, code: str) -> None:
        super().__init__(f"signing secret unavailable: {code}")
        self.code = code


class CachedSecret:
    """`get()` returns the secret, fetching it again once the cached copy is `ttl_seconds` old."""

    __slots__ = ("_clock", "_fetch", "_fetched_at", "_ttl", "_value")

    def __init__(
        self,
        fetch: Callable[[], str],
        *,
        ttl_seconds: float = TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._ttl = ttl_seconds
        self._clock = clock
        self._value: str | None = None
        self._fetched_at = 0.0

    def __repr__(self) -> str:
        return "CachedSecret(<redacted>)"

    def get(self) -> str:
        now = self._clock()
        if self._value is None or now - self._fetched_at >= self._ttl:
            self._value = self._fetch()
            self._fetched_at = now
        return self._value


def secrets_manager_fetcher(client: Any, secret_id: str) -> Callable[[], str]:
    """A fetch function reading the SecretString of `secret_id`; SecretUnavailable on any failure."""

    def fetch() -> str:
        try:
            value = client.get_secret_value(SecretId=secret_id).get("SecretString")
        except Exception as exc:
            raise SecretUnavailable(error_code(exc)) from None
        if not isinstance(value, str) or not value:
            raise SecretUnavailable("NoSecretString")
        return value

    return fetch
