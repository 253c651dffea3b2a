"""Harness for the hostile-input properties of `webhook_handler` (WH-11, WH-12).

Requests go in through the real entry point, `webhook_handler.handler.lambda_handler(event,
context)`, with an API Gateway proxy event. Behind it sits the real `EventPublisher` over a
recording SNS client (no AWS, no moto), so each accepted webhook's published message is checked
as the consumers will read it. `Outcome.check` holds what the contract allows for any request:

- a JSON response with a status from the input class's set, never a 5xx (the fakes never fail);
- a 4xx body `{"error", "field", "message"}`, with the field the refusal is about;
- nothing published unless the answer is 202, exactly one message if it is;
- the published message carries no float, re-reads as a valid event, states the amount as
  fixed-point text at the currency's minor units, and keeps the sender's body number for number.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Final

from hypothesis import HealthCheck, Phase, event, find, settings
from hypothesis import strategies as st

from fintech_common.events import EVENT_MAX_DEPTH, EventError, event_from_json
from fintech_common.jsonparse import canonical_dumps, loads
from tests.conftest import load_event
from tests.webhook_signing import sign
from tests.webhook_testkit import SECRET, SIGNED_AT, minor_units_of
from webhook_handler import handler
from webhook_handler.publish import EventPublisher

HEADER: Final = "X-Webhook-Signature"
TOPIC_ARN: Final = "arn:aws:sns:eu-west-1:123456789012:payment_events"
MAX_BODY_BYTES: Final = 16_384  # the contract's limit, restated rather than imported
REFUSALS: Final = {
    401: {"invalid_signature"},
    413: {"payload_too_large"},
    400: {"invalid_body", "invalid_json", "invalid_field", "missing_field", "card_number"},
}
_CANONICAL: Final = load_event("apigw_webhook_post")


@dataclass(frozen=True)
class Context:
    aws_request_id: str = "hostile-input"


@dataclass
class RecordingSns:
    """Answers every Publish and keeps its arguments."""

    published: list[dict[str, Any]] = field(default_factory=list)

    def publish(self, **request: Any) -> dict[str, str]:
        self.published.append(request)
        return {"MessageId": f"message-{len(self.published)}"}


class UnusedDlq:
    """The DLQ is written only after a failed publish, which the recording SNS never has."""

    def send_message(self, **request: Any) -> dict[str, str]:
        raise AssertionError("the DLQ was written although the publish succeeded")


@dataclass
class Clock:
    now: float = SIGNED_AT + 1.25

    def __call__(self) -> float:
        return self.now


@dataclass
class Harness:
    sns: RecordingSns
    clock: Clock

    def call(self, event: dict[str, Any], *, now: float = SIGNED_AT + 1.25) -> Outcome:
        """The handler's answer to `event` at server time `now`, and what it published."""
        self.sns.published.clear()
        self.clock.now = now
        response = handler.lambda_handler(event, Context())
        return Outcome(response=response, published=list(self.sns.published))


def installed_harness() -> Iterator[Harness]:
    """Points the entry point at the recording publisher, a fixed secret and a settable clock."""
    sns, clock = RecordingSns(), Clock()
    publisher = EventPublisher(sns=sns, sqs=UnusedDlq(), topic_arn=TOPIC_ARN, dlq_url="unused")
    original = handler.DEPENDENCIES
    handler.DEPENDENCIES = replace(original, secret=lambda: SECRET, publisher=publisher, clock=clock)
    try:
        yield Harness(sns=sns, clock=clock)
    finally:
        handler.DEPENDENCIES = original


# --- events --------------------------------------------------------------------------------------


def proxy_event(
    body: Any,
    *,
    headers: Any = None,
    multi_value_headers: Any = None,
    base64_encoded: Any = False,
) -> dict[str, Any]:
    """The canonical proxy event with exactly these body, headers and flag (no signature added)."""
    event: dict[str, Any] = copy.deepcopy(_CANONICAL)
    event.update(
        body=body,
        headers=headers,
        multiValueHeaders=multi_value_headers,
        isBase64Encoded=base64_encoded,
    )
    return event


def signed(
    raw: bytes,
    *,
    base64_encoded: bool = False,
    timestamp: int = SIGNED_AT,
    header_name: str = HEADER,
) -> dict[str, Any]:
    """A proxy event carrying the bytes `raw`, validly signed; text bodies must be UTF-8 (or surrogates)."""
    body = base64.b64encode(raw).decode("ascii") if base64_encoded else raw.decode("utf-8", "surrogatepass")
    return proxy_event(
        body,
        headers={"Content-Type": "application/json", header_name: sign(SECRET, raw, timestamp)},
        base64_encoded=base64_encoded,
    )


def body_of(*members: tuple[str, str]) -> bytes:
    """A JSON object written from (key, raw JSON value text) pairs, in order, duplicates kept."""
    return ("{" + ",".join(f"{json.dumps(key)}:{value}" for key, value in members) + "}").encode(
        "utf-8", "surrogatepass"
    )


def transaction_members(
    *,
    transaction_id: str = '"txn_1"',
    amount: str = "10.50",
    currency: str = '"EUR"',
    status: str = '"completed"',
) -> list[tuple[str, str]]:
    """The four required members, each given as raw JSON text."""
    return [
        ("transaction_id", transaction_id),
        ("amount", amount),
        ("currency", currency),
        ("status", status),
    ]


# --- what any answer must be ---------------------------------------------------------------------


def floats_in(value: Any) -> list[float]:
    """Every float anywhere in `value` (dicts, lists and tuples walked)."""
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [found for item in value.values() for found in floats_in(item)]
    if isinstance(value, list | tuple):
        return [found for item in value for found in floats_in(item)]
    return []


@dataclass(frozen=True)
class Outcome:
    response: dict[str, Any]
    published: list[dict[str, Any]]

    @property
    def status(self) -> int:
        status: int = self.response["statusCode"]
        return status

    @property
    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = json.loads(self.response["body"])
        return body

    def check(
        self,
        allowed: set[int],
        *,
        raw: bytes | None = None,
        errors: set[str] | None = None,
        field: str | object | None = ...,
    ) -> None:
        """The answer is documented for its class; a 202 published `raw` intact (see module docstring)."""
        event(f"{self.status} {self.body.get('error', '')}".rstrip())
        assert self.status in allowed, (self.status, self.body)
        assert self.status < 500
        assert self.response["headers"]["Content-Type"] == "application/json"
        assert self.response["isBase64Encoded"] is False
        if self.status == 202:
            assert set(self.body) == {"status", "event_id"}
            assert self.body["status"] == "accepted"
            assert len(self.published) == 1
            assert raw is not None, "a 202 is only allowed where the test knows the body it signed"
            check_published(self.published[0], event_id=self.body["event_id"], raw=raw)
            return
        assert self.published == []
        assert set(self.body) == {"error", "field", "message"}
        assert self.body["error"] in (errors or REFUSALS[self.status]), self.body
        assert self.body["error"] in REFUSALS[self.status]
        assert isinstance(self.body["message"], str) and self.body["message"]
        assert self.body["field"] is None or isinstance(self.body["field"], str)
        if self.status == 401:
            assert self.body["field"] == HEADER
        if self.body["error"] in {"invalid_field", "missing_field", "card_number"}:
            assert self.body["field"], "a refused field is named"
        if field is not ...:
            assert self.body["field"] == field, self.body


def check_published(request: dict[str, Any], *, event_id: str, raw: bytes) -> None:
    """One SNS Publish of the event for `raw`: no float, amount exact, body kept digit for digit."""
    assert floats_in(request) == []
    assert request["TopicArn"] == TOPIC_ARN
    message = request["Message"]
    assert isinstance(message, str) and message.isascii()
    try:
        event = event_from_json(message)  # what both consumers accept
    except EventError as exc:
        raise AssertionError(f"the published event is not one the consumers accept: {exc}") from None
    assert event.event_id == event_id
    attributes = {name: value["StringValue"] for name, value in request["MessageAttributes"].items()}
    assert attributes == {"event_type": event.event_type, "status": event.transaction.status}
    document = loads(message, max_depth=EVENT_MAX_DEPTH)
    sent = loads(raw)
    assert isinstance(document, dict) and isinstance(sent, dict)
    amount_text = document["transaction"]["amount"]  # type: ignore[index]
    assert isinstance(amount_text, str)
    places = minor_units_of(event.transaction.currency)
    integral, _, fraction = amount_text.partition(".")
    assert integral.isdigit() and (fraction.isdigit() if places else fraction == "")
    assert len(fraction) == places
    assert isinstance(sent["amount"], Decimal) and Decimal(amount_text) == sent["amount"]
    assert canonical_dumps(document["payload"]) == canonical_dumps(sent)


# --- cases: a body and its one documented answer ------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A body and the one answer the contract gives it (error and field only for a 400)."""

    raw: bytes
    status: int
    error: str | None = None
    field: str | None = None


def accepted(raw: bytes) -> Case:
    return Case(raw, 202)


def invalid_json(raw: bytes) -> Case:
    return Case(raw, 400, "invalid_json", None)


def check_case(harness: Harness, case: Case, *, base64_encoded: bool = False) -> None:
    outcome = harness.call(signed(case.raw, base64_encoded=base64_encoded))
    if case.status == 400:
        outcome.check({400}, errors={str(case.error)}, field=case.field)
    else:
        outcome.check({case.status}, raw=case.raw)


def with_extra(value: str, key: str = "extra") -> bytes:
    return body_of(*transaction_members(), (key, value))


# --- strategies -----------------------------------------------------------------------------------

no_digits = st.characters(exclude_categories=["Nd"])  # surrogates included; digits could form card numbers
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.text(alphabet=st.characters(exclude_categories=["Nd", "Cs"]), max_size=10)
)
json_documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)


# --- counterexamples: remove a rule and the property must find it -------------------------------

COUNTEREXAMPLE_SEARCH: Final = settings(
    max_examples=2_000,
    database=None,
    derandomize=True,
    deadline=None,
    phases=[Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)


def first_violation(strategy: st.SearchStrategy[Any], check: Callable[[Any], None]) -> Any:
    """The smallest example `check` fails on (hypothesis `find`); NoSuchExample if there is none."""

    def violates(example: Any) -> bool:
        try:
            check(example)
        except AssertionError:
            return True
        return False

    return find(strategy, violates, settings=COUNTEREXAMPLE_SEARCH)
