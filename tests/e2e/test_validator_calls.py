"""transaction_validator under the call recorder: a pure function that calls no AWS API (TX-10, MW-05).

The web tier's validation function is cold-started like the pipeline's handlers: every module of
its package executed afresh while a wiretapped boto3 default session (carrying the MW-05
`RECORDER`'s hook) is in place, and invoked inside it too, so a client created at import or on
the first invocation would be seen. Its inventory entry is therefore proven empty, and the gate
allows its role only what Lambda itself uses (its log group, X-Ray).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from tests.conftest import load_event
from tests.e2e.functions import REGION, Function, default_session, lambda_environment
from tests.e2e.recorder import RECORDER, handler_of
from tests.e2e.wiretap import Wiretap

pytestmark = pytest.mark.e2e

PACKAGE = "transaction_validator"
CARD_NUMBER = "4111111111111111"


@pytest.fixture
def validator(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Function]:
    """The function cold-started with its (empty) Lambda environment, still inside its session."""
    session = boto3.session.Session(region_name=REGION)
    wiretap = Wiretap()
    wiretap.attach(session.events)
    RECORDER.attach(session.events, handler=handler_of(PACKAGE), environment={})
    for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
        monkeypatch.delitem(sys.modules, name)  # restored after the test
    with lambda_environment(moto_endpoint, {}), default_session(session):
        handler_module = importlib.import_module(f"{PACKAGE}.handler")
        yield Function(name=PACKAGE, handler=handler_module.lambda_handler, wiretap=wiretap)


def requests() -> list[Any]:
    valid = load_event("transaction_validation_request")
    return [
        valid,
        {**valid, "amount": "-1"},
        {**valid, "account_id": CARD_NUMBER},
        {"transaction_id": "txn_1"},
        "not an object",
    ]


def test_the_validator_answers_every_request_without_an_aws_call(validator: Function) -> None:
    # WHEN the validator checks valid and refused requests
    verdicts = [validator(request) for request in requests()]
    # THEN it gave a verdict on each, created no AWS client and made no AWS call
    assert [verdict["valid"] for verdict in verdicts] == [True, False, False, False, False]
    assert (validator.wiretap.clients, validator.wiretap.calls) == ([], [])
    assert RECORDER.observed[handler_of(PACKAGE)] == {}
