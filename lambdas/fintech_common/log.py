"""Structured logging: one JSON object per line on stdout (CloudWatch Logs, Logs Insights).

Named `log` so it never shadows the standard library's `logging`. Callers pass only fields that
are safe to keep for 30 days: never a secret, a signature or a raw request body (MW-08).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from fintech_common.timestamps import format_utc_millis


@dataclass(frozen=True, slots=True)
class Logger:
    """Writes `{"timestamp", "level", "service", "message", **fields}` lines to stdout."""

    service: str
    clock: Callable[[], float] = field(default=time.time)

    def _write(self, level: str, message: str, fields: dict[str, object]) -> None:
        record = {
            "timestamp": format_utc_millis(self.clock()),
            "level": level,
            "service": self.service,
            "message": message,
            **fields,
        }
        sys.stdout.write(json.dumps(record, separators=(",", ":"), default=str) + "\n")
        sys.stdout.flush()

    def info(self, message: str, **fields: object) -> None:
        self._write("INFO", message, fields)

    def warning(self, message: str, **fields: object) -> None:
        self._write("WARNING", message, fields)

    def error(self, message: str, **fields: object) -> None:
        self._write("ERROR", message, fields)
