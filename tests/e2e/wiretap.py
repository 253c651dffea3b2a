"""botocore event hooks on the handlers' own clients: count every AWS call, inject failures.

A `Wiretap` is attached to the boto3 session the handlers' clients are created from, so each
client inherits its hooks (botocore copies the session's event handlers into every new client):

- `before-parameter-build` records each API call (service, operation, parameters) once;
- `before-send` records each HTTP attempt, retries included, and can answer an attempt with
  an HTTP 500 or a connection error, which the client's own retry policy then sees;
- `before-call` can fail an API call outright with an AWS error code, bypassing retries.

Faults match on the API parameters, so a test can fail, say, only the PutItem calls of some
transactions and leave every other call alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from botocore.awsrequest import AWSResponse
from botocore.exceptions import EndpointConnectionError

Params = dict[str, Any]
FaultKind = Literal["http_500", "connection_error", "aws_error"]
CONTEXT_KEY = "e2e_call"


@dataclass(frozen=True)
class Call:
    service: str  # botocore service name: sns, sqs, dynamodb, secretsmanager
    operation: str
    params: Params


@dataclass
class Fault:
    service: str
    operation: str
    kind: FaultKind
    when: Callable[[Params], bool] = lambda params: True
    error_code: str = "InternalServerError"
    remaining: int | None = None  # matching attempts (or calls, for aws_error) still to fail; None: all
    hits: int = 0

    def fires(self, call: Call) -> bool:
        if (call.service, call.operation) != (self.service, self.operation) or not self.when(call.params):
            return False
        if self.remaining is not None:
            if self.remaining == 0:
                return False
            self.remaining -= 1
        self.hits += 1
        return True


class _EmptyBody:
    def stream(self, **_: Any) -> Iterator[bytes]:
        yield b""


@dataclass
class Wiretap:
    calls: list[Call] = field(default_factory=list)
    attempts: list[Call] = field(default_factory=list)
    clients: list[str] = field(default_factory=list)  # service of every client created
    faults: list[Fault] = field(default_factory=list)

    def attach(self, events: Any) -> None:
        """Register the hooks on a (boto3 or botocore) session's event system."""
        events.register("creating-client-class", self._on_client)
        events.register("before-parameter-build", self._on_call)
        events.register("before-call", self._on_before_call)
        events.register("before-send", self._on_send)

    def operations(self, service: str | None = None) -> list[str]:
        return [call.operation for call in self.calls if service in (None, call.service)]

    def clear(self) -> None:
        self.calls.clear()
        self.attempts.clear()

    @contextmanager
    def failing(self, fault: Fault) -> Iterator[Fault]:
        self.faults.append(fault)
        try:
            yield fault
        finally:
            self.faults.remove(fault)

    def _firing(self, call: Call, kinds: tuple[FaultKind, ...]) -> Fault | None:
        return next((fault for fault in self.faults if fault.kind in kinds and fault.fires(call)), None)

    def _on_client(self, class_attributes: Any, base_classes: Any, **kwargs: Any) -> None:
        self.clients.append(kwargs["event_name"].rsplit(".", 1)[-1])

    def _on_call(self, params: Params, model: Any, context: dict[str, Any], **_: Any) -> None:
        call = Call(service=model.service_model.service_name, operation=model.name, params=dict(params))
        context[CONTEXT_KEY] = call
        self.calls.append(call)

    def _on_before_call(self, context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        call = context[CONTEXT_KEY]
        fault = self._firing(call, ("aws_error",))
        if fault is None:
            return None
        parsed = {
            "Error": {"Code": fault.error_code, "Message": "injected by the e2e wiretap"},
            "ResponseMetadata": {"HTTPStatusCode": 500, "HTTPHeaders": {}, "RetryAttempts": 0},
        }
        return AWSResponse("https://wiretap.invalid/", 500, {}, _EmptyBody()), parsed

    def _on_send(self, request: Any, **_: Any) -> AWSResponse | None:
        call = request.context[CONTEXT_KEY]
        self.attempts.append(call)
        fault = self._firing(call, ("http_500", "connection_error"))
        if fault is None:
            return None
        if fault.kind == "connection_error":
            raise EndpointConnectionError(endpoint_url=request.url)
        return AWSResponse(request.url, 500, {}, _EmptyBody())


def message_field(params: Params, *path: str) -> Any:
    """A field of the JSON event in an SNS Publish `Message` or SQS `MessageBody`."""
    value: Any = json.loads(params.get("Message") or params["MessageBody"])
    for name in path:
        value = value[name]
    return value


def item_field(params: Params, name: str) -> str:
    """The string value of attribute `name` in a DynamoDB PutItem `Item`."""
    return str(params["Item"][name]["S"])
