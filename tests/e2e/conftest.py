"""End-to-end fixtures: one moto server per test session, one fresh pipeline per test.

The server runs in-process (`ThreadedMotoServer`) on 127.0.0.1 and a free port. Every test gets
its own pipeline (unique resource names) built from the contract and from the subscriptions of
the synthesized `Webhook-dev` template, and the three real handlers cold-started against it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.e2e.driver import Driver, new_driver
from tests.e2e.functions import REGION
from tests.e2e.pipeline import Aws
from tests.e2e.topology import WEBHOOK_STACK, Subscription, sqs_subscriptions

if TYPE_CHECKING:
    from tests.conftest import Assembly


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def aws(moto_endpoint: str) -> Aws:
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )
    return Aws(
        **{
            service: session.client(service, endpoint_url=moto_endpoint)
            for service in ("sns", "sqs", "dynamodb", "secretsmanager")
        }
    )


@pytest.fixture(scope="session")
def subscriptions(assembly: Assembly) -> list[Subscription]:
    found = sqs_subscriptions(assembly.templates[WEBHOOK_STACK])
    assert {subscription.consumer for subscription in found} == {"transaction_processor", "audit_logger"}, (
        f"{WEBHOOK_STACK} must subscribe one queue per consumer, found {found}"
    )
    return found


@pytest.fixture
def driver(
    aws: Aws, subscriptions: list[Subscription], moto_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> Driver:
    """A fresh pipeline in moto and the three handlers cold-started against it."""
    return new_driver(aws, subscriptions, moto_endpoint, monkeypatch)
