"""Seeded faults on every AWS call the handlers make: noise, outages, lost answers, crashes.

A `ChaosWiretap` is a `Wiretap` (it still records every call and still honours explicit
`Fault`s) that also answers HTTP attempts with faults drawn from its own seeded random stream:

- `throttled`: HTTP 400 with the service's throttling error (DynamoDB's
  ProvisionedThroughputExceededException, ThrottlingException, SNS's Throttling), which the
  client's standard retry mode retries with backoff;
- `http_500`: an HTTP 500;
- `connection_error`: the connection fails (refused, connect timeout): the request never arrived;
- `read_timeout`: the request arrives and is applied, then the answer is lost (ReadTimeoutError).
  The retry meets its own first attempt: DynamoDB answers ConditionalCheckFailed (the
  idempotency path), SNS and SQS take the message a second time.

Noise hits single attempts (`rates`, per attempt). An outage (`outage`) fails every attempt of
the next N calls of one operation, so calls fail for good once the client's retries are spent.
`arm_crash(k)` makes the consumer die right after its k-th successful write of an invocation
(`ConsumerCrashed` is a BaseException, so no `except Exception` in the handler stops it: like a
timeout or an out-of-memory kill, the whole invocation fails after some records were written).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from botocore.awsrequest import AWSResponse
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from botocore.httpsession import URLLib3Session

from tests.e2e.wiretap import CONTEXT_KEY, Call, Params, Wiretap

ChaosKind = Literal["throttled", "http_500", "connection_error", "read_timeout"]
CHAOS_KINDS: Final[tuple[ChaosKind, ...]] = ("throttled", "http_500", "connection_error", "read_timeout")
OUTAGE_KEY: Final = "e2e_outage"
# The throttling error each service answers with (all in botocore's throttled-error list).
THROTTLING_CODES: Final = {
    "dynamodb": "ProvisionedThroughputExceededException",
    "sns": "Throttling",
    "sqs": "ThrottlingException",
    "secretsmanager": "ThrottlingException",
}


class ConsumerCrashed(BaseException):
    """The function died mid-invocation (timeout, out of memory): nothing it returns arrives."""


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Any:
        yield self.data


def throttling_response(service: str, url: str) -> AWSResponse:
    """The HTTP 400 a throttled call gets, in the service's protocol (query XML for SNS, else JSON)."""
    code = THROTTLING_CODES[service]
    if service == "sns":
        body = (
            '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>'
            f"<Code>{code}</Code><Message>Rate exceeded</Message></Error>"
            "<RequestId>e2e-chaos</RequestId></ErrorResponse>"
        )
        headers = {"Content-Type": "text/xml", "x-amzn-RequestId": "e2e-chaos"}
    else:
        body = json.dumps({"__type": code, "message": "Rate exceeded"})
        headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "e2e-chaos"}
    return AWSResponse(url, 400, headers, _Body(body.encode()))


def operation_of(call: Call) -> str:
    return f"{call.service}.{call.operation}"


@dataclass
class Outage:
    kind: ChaosKind
    calls: int  # calls still to fail, every attempt of each


@dataclass
class ChaosWiretap(Wiretap):
    """A Wiretap that injects seeded faults (see the module docstring); off until `enabled`."""

    function: str = ""
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    rates: dict[ChaosKind, float] = field(default_factory=dict)  # per HTTP attempt
    enabled: bool = False
    outages: dict[str, Outage] = field(default_factory=dict)  # by operation, e.g. "sns.Publish"
    injected: Counter[tuple[str, str]] = field(default_factory=Counter)  # (operation, kind) -> attempts
    answered: Counter[tuple[str, str]] = field(default_factory=Counter)  # (operation, error code) -> calls
    crashes: int = 0
    crash_after: int | None = None  # successful writes before the armed crash
    _http: URLLib3Session = field(default_factory=URLLib3Session)

    def attach(self, events: Any) -> None:
        super().attach(events)
        events.register("after-call", self._after_call)

    def outage(self, operation: str, *, kind: ChaosKind, calls: int) -> None:
        """Fail every attempt of the next `calls` calls of `operation` (e.g. "dynamodb.PutItem")."""
        self.outages[operation] = Outage(kind=kind, calls=calls)

    def arm_crash(self, after_writes: int | None) -> None:
        self.crash_after = after_writes

    def quiet(self) -> None:
        """No more faults: noise off, outages over, no crash armed."""
        self.enabled = False
        self.outages.clear()
        self.crash_after = None

    def _on_call(self, params: Params, model: Any, context: dict[str, Any], **kwargs: Any) -> None:
        super()._on_call(params, model, context, **kwargs)
        outage = self.outages.get(operation_of(context[CONTEXT_KEY]))
        if self.enabled and outage is not None and outage.calls > 0:
            outage.calls -= 1
            context[OUTAGE_KEY] = outage.kind

    def _draw(self) -> ChaosKind | None:
        if not self.enabled or not self.rates:
            return None
        roll = self.rng.random()
        for kind in CHAOS_KINDS:
            roll -= self.rates.get(kind, 0.0)
            if roll < 0:
                return kind
        return None

    def _on_send(self, request: Any, **kwargs: Any) -> AWSResponse | None:
        kind = request.context.get(OUTAGE_KEY) or self._draw()
        if kind is None:
            return super()._on_send(request, **kwargs)
        call = request.context[CONTEXT_KEY]
        self.attempts.append(call)
        self.injected[(operation_of(call), kind)] += 1
        if kind == "throttled":
            return throttling_response(call.service, request.url)
        if kind == "http_500":
            return AWSResponse(request.url, 500, {}, _Body(b""))
        if kind == "read_timeout":
            self._http.send(request)  # it arrives and is applied; only the answer is lost
            raise ReadTimeoutError(endpoint_url=request.url)
        raise EndpointConnectionError(endpoint_url=request.url)

    def _after_call(self, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        call = context[CONTEXT_KEY]
        code = parsed.get("Error", {}).get("Code")
        if code:
            self.answered[(operation_of(call), str(code))] += 1
            return
        if self.crash_after is not None and call.operation == "PutItem":
            self.crash_after -= 1
            if self.crash_after == 0:
                self.crash_after = None
                self.crashes += 1
                raise ConsumerCrashed(f"{self.function} died after a write (injected)")
