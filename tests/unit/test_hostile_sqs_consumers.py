"""WH-14 under hostile input: both SQS consumers' entry points with hostile messages and batch events.

`transaction_processor` and `audit_logger` get SQS events through `lambda_handler(event, context)`,
with a recording DynamoDB client behind them (no AWS, no moto). A message body is a valid
transaction event changed in one way: NaN, exponents beyond `Decimal`, duplicate keys, lone
surrogates, a byte order mark, non-JSON whitespace, truncation, a float where the amount text
belongs, one character replaced, or extra numbers anywhere in the payload.

Allowed outcomes, for every message: it is either in `batchItemFailures` and nothing was
written, or one conditional PutItem wrote exactly the row of the original event (the event id
binds the transaction's fields, so no change can alter what is stored), with no float anywhere,
the amount as fixed-point text at the currency's minor units and, in the audit log, the body
verbatim. A changed message known to be invalid must fail; one known to be valid must be
written. An event that is not an SQS event at all (no `Records` list, a record without
`messageId` or `body`) makes the invocation raise ValueError, as documented in
fintech_common/sqs_batch.py, and writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import ModuleType
from typing import Any, Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_logger import handler as audit_handler
from fintech_common.currencies import MINOR_UNITS
from tests.hostile_webhook import floats_in
from tests.webhook_testkit import NOW, SIGNED_AT, minor_units_of, sqs_event, valid_payloads
from transaction_processor import handler as processor_handler
from webhook_handler.event import build_event
from webhook_handler.validation import parse_body, validate_payload

CONSUMERS: Final = {"transaction_processor": processor_handler, "audit_logger": audit_handler}
KEYS: Final = {"transaction_processor": "transaction_id", "audit_logger": "event_id"}


@dataclass
class RecordingDynamoDb:
    """Answers every PutItem and keeps its arguments; any other call is an AttributeError."""

    puts: list[dict[str, Any]] = field(default_factory=list)

    def put_item(self, **request: Any) -> dict[str, Any]:
        self.puts.append(request)
        return {}


@dataclass
class Consumer:
    name: str
    handler: ModuleType
    dynamodb: RecordingDynamoDb

    def invoke(self, event: dict[str, Any]) -> dict[str, Any]:
        self.dynamodb.puts.clear()
        response: dict[str, Any] = self.handler.lambda_handler(event, None)
        return response


@pytest.fixture(scope="module", params=sorted(CONSUMERS))
def consumer(request: pytest.FixtureRequest) -> Iterator[Consumer]:
    module = CONSUMERS[request.param]
    dynamodb = RecordingDynamoDb()
    original = module.DEPENDENCIES
    module.DEPENDENCIES = replace(original, dynamodb=dynamodb)
    try:
        yield Consumer(name=request.param, handler=module, dynamodb=dynamodb)
    finally:
        module.DEPENDENCIES = original


# --- messages: a valid event, changed in one way -------------------------------------------------


@dataclass(frozen=True)
class Message:
    body: str
    original: str  # the valid event it was made from
    verdict: str  # "valid", "invalid" or "either" (a change that may or may not keep it valid)


events = valid_payloads(st.sampled_from(sorted(MINOR_UNITS))).map(
    lambda payload: build_event(
        validate_payload(parse_body(payload.body)), signed_at=SIGNED_AT, received_at=NOW
    ).to_json()
)
PAYLOAD_NUMBERS: Final = ["1e400", "1E-400", "-0", "0e0", "-0.0", "1" + "0" * 3000, "0." + "0" * 3000 + "1"]
INVALID_TOKENS: Final = ["NaN", "Infinity", "-Infinity", "1e1000000000000000000", '"\\ud800"', '"\\udfff x"']


def structural_positions(text: str) -> list[int]:
    """The positions just after each `{`, `,` and `:` that is JSON structure, not string content."""
    positions, in_string, escaped = [], False, False
    for index, char in enumerate(text):
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "{,:":
            positions.append(index + 1)
    return positions


@st.composite
def messages(draw: st.DrawFn) -> Message:
    original = draw(events)
    change = draw(
        st.sampled_from(
            ["intact", "numbers", "whitespace", "invalid", "bom", "truncated", "float", "character"]
        )
    )
    body_end = len(original) - 2  # the payload object closes, then the event object
    if change == "intact":
        return Message(original, original, "valid")
    if change == "numbers":
        token = draw(st.sampled_from(PAYLOAD_NUMBERS))
        return Message(original[:body_end] + f',"zz":[{token},{{"n":{token}}}]' + "}}", original, "valid")
    if change == "whitespace":
        space = draw(st.sampled_from([" ", "\t", "\r\n", "\u00a0", "\u2028", "\x0b"]))
        at = draw(st.sampled_from(structural_positions(original)))
        verdict = "valid" if space in {" ", "\t", "\r\n"} else "invalid"
        return Message(original[:at] + space + original[at:], original, verdict)
    if change == "invalid":
        token = draw(st.sampled_from(INVALID_TOKENS))
        where = draw(st.sampled_from(["payload", "duplicate", "amount"]))
        if where == "payload":
            return Message(original[:body_end] + f',"zz":{token}' + "}}", original, "invalid")
        if where == "duplicate":
            return Message(original[:-1] + ',"event_id":"evt_0"}', original, "invalid")
        return Message(original.replace('"amount":"', '"amount":' + token + ',"x":"', 1), original, "invalid")
    if change == "bom":
        return Message("\ufeff" + original, original, "invalid")
    if change == "truncated":
        return Message(original[: draw(st.integers(0, len(original) - 1))], original, "invalid")
    if change == "float":  # the transaction's amount as a JSON number instead of fixed-point text
        amount = json.loads(original)["transaction"]["amount"]
        return Message(original.replace(f'"amount":"{amount}"', f'"amount":{amount}', 1), original, "invalid")
    at = draw(st.integers(0, len(original) - 1))
    character = draw(st.characters(codec=None))
    return Message(original[:at] + character + original[at + 1 :], original, "either")


# --- the allowed outcomes --------------------------------------------------------------------------


def check_row(consumer: Consumer, put: dict[str, Any], message: Message) -> None:
    """One conditional PutItem of the original event's row: strings only, amount exact."""
    assert floats_in(put) == []
    key = KEYS[consumer.name]
    assert put["ConditionExpression"] == f"attribute_not_exists({key})"
    item = put["Item"]
    assert all(len(value) == 1 and next(iter(value)) in {"S", "N"} for value in item.values())
    assert all(isinstance(next(iter(value.values())), str) for value in item.values())
    original = json.loads(message.original, parse_float=Decimal)
    transaction = original["transaction"]
    assert item["event_id"]["S"] == original["event_id"]
    assert item["timestamp"]["S"] == original["timestamp"]
    assert item["transaction_id"]["S"] == transaction["transaction_id"]
    assert item["currency"]["S"] == transaction["currency"]
    assert item["amount"]["N"] == transaction["amount"]
    places = minor_units_of(transaction["currency"])
    assert len(item["amount"]["N"].partition(".")[2]) == places
    if consumer.name == "audit_logger":
        assert item["event"]["S"] == message.body


# A batch holds up to four messages: under a long profile a quarter of its examples still sends
# as many messages as the other properties send requests (200 batches by default, 5 000 under fuzz).
BATCHES: Final = settings(max_examples=max(200, settings().max_examples // 4))


@BATCHES
@given(batch=st.lists(messages(), min_size=1, max_size=4))
def test_each_message_is_written_as_its_original_event_or_reported_failed(
    consumer: Consumer, batch: list[Message]
) -> None:
    # GIVEN one batch of changed events
    ids = [f"msg-{index}" for index in range(len(batch))]
    response = consumer.invoke(sqs_event(*(message.body for message in batch), message_ids=ids))
    # THEN every message is either reported failed or written once, as its original event
    failed = {failure["itemIdentifier"] for failure in response["batchItemFailures"]}
    assert set(response) == {"batchItemFailures"} and failed <= set(ids)
    puts = iter(consumer.dynamodb.puts)
    for message_id, message in zip(ids, batch, strict=True):
        if message.verdict == "invalid":
            assert message_id in failed, message.body
        elif message.verdict == "valid":
            assert message_id not in failed, message.body
        if message_id not in failed:
            check_row(consumer, next(puts), message)
    assert next(puts, None) is None, "a failed message wrote something"


record_values = st.text(max_size=10) | st.none() | st.integers() | st.lists(st.text(max_size=3), max_size=2)
records = st.dictionaries(
    st.sampled_from(["messageId", "body", "receiptHandle"]), record_values, max_size=3
) | (st.none() | st.text(max_size=5) | st.integers())
sqs_events = st.fixed_dictionaries({}, optional={"Records": st.lists(records, max_size=3) | record_values})


def is_sqs_event(event: dict[str, Any]) -> bool:
    """A Records list whose every record is an object with a non-empty messageId and a text body."""
    records = event.get("Records")
    return isinstance(records, list) and all(
        isinstance(record, dict)
        and isinstance(record.get("messageId"), str)
        and record["messageId"] != ""
        and isinstance(record.get("body"), str)
        for record in records
    )


@given(event=sqs_events)
def test_an_event_that_is_not_an_sqs_batch_raises_value_error_and_writes_nothing(
    consumer: Consumer, event: dict[str, Any]
) -> None:
    if is_sqs_event(event):
        # a batch of bodies that are not events at all: every one reported, nothing written
        response = consumer.invoke(event)
        reported = [failure["itemIdentifier"] for failure in response["batchItemFailures"]]
        assert reported == [record["messageId"] for record in event["Records"]]
    else:
        with pytest.raises(ValueError, match="SQS"):
            consumer.invoke(event)
    assert consumer.dynamodb.puts == []
