"""botocore client settings: bounded retries and timeouts, so each call's worst case is known."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from botocore.config import Config

# botocore standard mode waits rand(0, 1) * min(scale * 2**i, 20) s before retry i (scale 1 s for
# throttling, less otherwise), so the longest wait before retry i is min(2**i, 20) s.
_MAX_BACKOFF_SECONDS: Final = 20


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """Standard retry mode with `max_attempts` attempts in all, and per-attempt timeouts."""

    max_attempts: int
    connect_timeout: float
    read_timeout: float

    def config(self) -> Any:
        return Config(
            retries={"mode": "standard", "total_max_attempts": self.max_attempts},
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
        )

    def worst_case_seconds(self) -> float:
        """Every attempt times out and every backoff is the longest possible."""
        attempts = self.max_attempts * (self.connect_timeout + self.read_timeout)
        backoffs = sum(min(1 << retry, _MAX_BACKOFF_SECONDS) for retry in range(self.max_attempts - 1))
        return attempts + backoffs


def error_code(error: Exception) -> str:
    """The AWS error code of a botocore ClientError, else the exception's class name."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        if isinstance(code, str) and code:
            return code
    return type(error).__name__
