"""Fixtures for the webhook pipeline's unit tests.

The Lambda environment variables get harmless defaults before any handler module is imported
(the handlers build their clients at import, as on a cold start). AWS is never called: tests
use botocore's Stubber or moto's in-process `mock_aws`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from moto import mock_aws

LAMBDA_ENVIRONMENT = {
    "TOPIC_ARN": "arn:aws:sns:eu-west-1:123456789012:payment_events",
    "DLQ_URL": "https://sqs.eu-west-1.amazonaws.com/123456789012/webhook-handler-dlq",
    "SIGNING_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook-signing-AbCdEf",
    "METRICS_NAMESPACE": "FinTech/Payments",
    "ENVIRONMENT": "test",
    "TRANSACTIONS_TABLE": "transactions",
    "AUDIT_TABLE": "audit_logs",
}
for _name, _value in LAMBDA_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)


@pytest.fixture
def aws() -> Iterator[None]:
    """A fresh in-process moto account for one test."""
    with mock_aws():
        yield


@pytest.fixture(scope="module")
def module_aws() -> Iterator[None]:
    """One in-process moto account shared by a module's property tests (hypothesis examples)."""
    with mock_aws():
        yield
