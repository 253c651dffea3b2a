"""The three real handlers, bound to a moto pipeline, each with its own wiretapped clients.

Each handler module builds its dependencies (clients included) at import, from its environment,
through `<package>.runtime.build_dependencies(environ)`, and keeps them in the module's
`DEPENDENCIES`. `bind` does exactly that cold start against moto: with the Lambda environment
variables and `AWS_ENDPOINT_URL` set, and a fresh boto3 default session carrying the function's
`Wiretap` and the hook of the call `RECORDER` (MW-05, tests/e2e/recorder.py), it builds the
dependencies and installs them in the module for the test's duration (pytest's monkeypatch
restores the module afterwards). The handlers are then called through their real
`lambda_handler`.
"""

from __future__ import annotations

import importlib
import os
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

import boto3
import pytest

from tests.e2e.pipeline import Pipeline
from tests.e2e.recorder import RECORDER, handler_of
from tests.e2e.wiretap import Wiretap

REGION = "eu-west-1"
FUNCTIONS = ("webhook_handler", "transaction_processor", "audit_logger")
Handler = Callable[[dict[str, Any], Any], Any]


@dataclass(frozen=True)
class Function:
    name: str
    handler: Handler
    wiretap: Wiretap

    def __call__(self, event: dict[str, Any], context: Any = None) -> Any:
        RECORDER.invoked(handler_of(self.name))
        return self.handler(
            event, context or LambdaContext(aws_request_id=str(uuid.uuid4()), function_name=self.name)
        )


@dataclass(frozen=True)
class LambdaContext:
    """The attributes of the Lambda context object the handlers read."""

    aws_request_id: str
    function_name: str


@contextmanager
def lambda_environment(endpoint_url: str, variables: Mapping[str, str]) -> Iterator[None]:
    """os.environ as Lambda would set it, with every AWS call going to moto."""
    environment = {
        "AWS_ENDPOINT_URL": endpoint_url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        **variables,
    }
    with mock.patch.dict(os.environ, environment):
        os.environ.pop("AWS_PROFILE", None)
        yield


@contextmanager
def default_session(session: boto3.session.Session) -> Iterator[None]:
    """`boto3.client(...)` creates its clients from `session` while the block runs."""
    previous = boto3.DEFAULT_SESSION
    boto3.DEFAULT_SESSION = session
    try:
        yield
    finally:
        boto3.DEFAULT_SESSION = previous


def cold_start(
    name: str,
    *,
    endpoint_url: str,
    environment: Mapping[str, str],
    monkeypatch: pytest.MonkeyPatch,
    wiretap: Wiretap | None = None,
) -> Function:
    """Import `name`'s handler (first time only) and give it fresh, wiretapped dependencies
    (hooked to `wiretap` if given, e.g. one carrying faults, else to a new plain Wiretap)."""
    wiretap = Wiretap() if wiretap is None else wiretap
    with lambda_environment(endpoint_url, environment):
        with default_session(boto3.session.Session(region_name=REGION)):
            handler_module = importlib.import_module(f"{name}.handler")
            runtime = importlib.import_module(f"{name}.runtime")
        session = boto3.session.Session(region_name=REGION)
        wiretap.attach(session.events)
        RECORDER.attach(session.events, handler=handler_of(name), environment=environment)
        with default_session(session):
            monkeypatch.setattr(handler_module, "DEPENDENCIES", runtime.build_dependencies(os.environ))
    return Function(name=name, handler=handler_module.lambda_handler, wiretap=wiretap)


def bind(
    pipeline: Pipeline,
    *,
    endpoint_url: str,
    monkeypatch: pytest.MonkeyPatch,
    wiretaps: Mapping[str, Wiretap] | None = None,
) -> dict[str, Function]:
    """All three functions, cold-started against `pipeline` (with `wiretaps[name]` where given)."""
    environment = pipeline.environment()
    return {
        name: cold_start(
            name,
            endpoint_url=endpoint_url,
            environment=environment,
            monkeypatch=monkeypatch,
            wiretap=(wiretaps or {}).get(name),
        )
        for name in FUNCTIONS
    }
