"""UTC timestamps: RFC 3339 input normalised to seconds, instants to milliseconds."""

from __future__ import annotations

import pytest

from fintech_common.timestamps import format_utc_millis, format_utc_seconds, normalise_rfc3339_utc
from tests.webhook_testkit import SIGNED_AT


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z"),
        ("2026-11-23T10:00:00+00:00", "2026-11-23T10:00:00Z"),
        ("2026-11-23T10:00:00-00:00", "2026-11-23T10:00:00Z"),
        ("2026-11-23t10:00:00z", "2026-11-23T10:00:00Z"),
        ("2026-11-23T10:00:00.999999999Z", "2026-11-23T10:00:00Z"),
        ("2028-02-29T23:59:59Z", "2028-02-29T23:59:59Z"),
        ("0999-01-01T00:00:00Z", "0999-01-01T00:00:00Z"),
    ],
)
def test_rfc3339_utc_times_are_normalised_to_the_second(text: str, normalised: str) -> None:
    assert normalise_rfc3339_utc(text) == normalised


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23T10:00:00+01:00",
        "2026-11-23T10:00:00",
        "2026-11-23 10:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-11-23T24:00:00Z",
        "2026-12-31T23:59:60Z",
        "0000-01-01T00:00:00Z",
        "2026-11-23T10:00Z",
        "2026-11-23T10:00:00.Z",
        "\uff12\uff10\uff12\uff16-11-23T10:00:00Z",
        " 2026-11-23T10:00:00Z",
        "yesterday",
        "",
    ],
)
def test_other_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"RFC 3339|out of range|must be in"):
        normalise_rfc3339_utc(text)


def test_unix_seconds_format_to_the_second() -> None:
    assert format_utc_seconds(SIGNED_AT) == "2026-11-23T10:00:00Z"


def test_instants_format_to_the_millisecond() -> None:
    assert format_utc_millis(SIGNED_AT + 1.25) == "2026-11-23T10:00:01.250Z"
