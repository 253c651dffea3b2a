"""Embedded metric format: one JSON line per call, counts under the Environment dimension."""

from __future__ import annotations

import json

import pytest

from fintech_common.emf import Metrics, metric_document


def test_the_document_declares_each_count_in_the_namespace() -> None:
    document = metric_document(
        namespace="FinTech/Payments",
        dimensions={"Environment": "dev"},
        counts={"A": 1, "B": 0},
        timestamp_ms=5,
    )
    assert document == {
        "_aws": {
            "Timestamp": 5,
            "CloudWatchMetrics": [
                {
                    "Namespace": "FinTech/Payments",
                    "Dimensions": [["Environment"]],
                    "Metrics": [{"Name": "A", "Unit": "Count"}, {"Name": "B", "Unit": "Count"}],
                }
            ],
        },
        "Environment": "dev",
        "A": 1,
        "B": 0,
    }


def test_counting_prints_one_json_line_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    Metrics(namespace="FinTech/Payments", environment="prod", clock=lambda: 1.5).count(
        {"WebhooksAccepted": 1}
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    document = json.loads(lines[0])
    assert document["WebhooksAccepted"] == 1
    assert document["Environment"] == "prod"
    assert document["_aws"]["Timestamp"] == 1500
