"""UTC timestamps in the two text forms the pipeline stores, and RFC 3339 input.

- event time, to the second: `2026-11-23T10:00:00Z` (sorts as text, keys DynamoDB rows);
- instants the pipeline records (`received_at`, `processed_at`, `logged_at`), to the
  millisecond: `2026-11-23T10:00:00.123Z`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final

SECONDS_FORMAT: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z", re.ASCII)
MILLIS_FORMAT: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z", re.ASCII
)

# RFC 3339 date-time in UTC: `Z` (or `z`), or the zero offsets `+00:00` / `-00:00`.
_RFC3339_UTC: Final = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]{1,9})?(?:[Zz]|[+-]00:00)",
    re.ASCII,
)


def _seconds_text(instant: datetime) -> str:
    # isoformat, not strftime: glibc's %Y does not zero-pad years before 1000.
    return instant.isoformat(timespec="seconds").removesuffix("+00:00") + "Z"


def format_utc_seconds(epoch_seconds: int) -> str:
    """`YYYY-MM-DDTHH:MM:SSZ` for a Unix time in seconds."""
    return _seconds_text(datetime.fromtimestamp(epoch_seconds, UTC))


def format_utc_millis(epoch_seconds: float) -> str:
    """`YYYY-MM-DDTHH:MM:SS.mmmZ` for a Unix time in (fractional) seconds."""
    instant = datetime.fromtimestamp(epoch_seconds, UTC)
    return instant.isoformat(timespec="milliseconds").removesuffix("+00:00") + "Z"


def normalise_rfc3339_utc(text: str) -> str:
    """An RFC 3339 UTC date-time as `YYYY-MM-DDTHH:MM:SSZ` (fraction dropped), else ValueError."""
    match = _RFC3339_UTC.fullmatch(text)
    if match is None:
        raise ValueError("must be an RFC 3339 UTC date-time such as 2026-11-23T10:00:00Z")
    year, month, day, hour, minute, second = (int(part) for part in match.groups())
    instant = datetime(year, month, day, hour, minute, second, tzinfo=UTC)  # ValueError if no such time
    return _seconds_text(instant)
