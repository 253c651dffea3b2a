"""Structured logging: one JSON object per line with level, service, message and fields."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from fintech_common.log import Logger


@pytest.mark.parametrize(("method", "level"), [("info", "INFO"), ("warning", "WARNING"), ("error", "ERROR")])
def test_each_call_writes_one_json_line(method: str, level: str, capsys: pytest.CaptureFixture[str]) -> None:
    getattr(Logger(service="svc", clock=lambda: 0.0), method)("something happened", event_id="evt_1")
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "timestamp": "1970-01-01T00:00:00.000Z",
            "level": level,
            "service": "svc",
            "message": "something happened",
            "event_id": "evt_1",
        }
    ]


def test_decimal_fields_are_written_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    Logger(service="svc").info("amount", amount=Decimal("10.50"))
    assert json.loads(capsys.readouterr().out)["amount"] == "10.50"
