"""Builders and hypothesis strategies shared by the webhook pipeline's unit tests.

Generated values are built here independently of the code under test: valid payloads, card
numbers (with their own Luhn check digit) and signed API Gateway events.
"""

from __future__ import annotations

import base64
import copy
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import boto3
from hypothesis import strategies as st

from tests.conftest import load_event
from tests.webhook_signing import sign

SECRET = "whsec_unit_test_signing_secret"
SIGNED_AT = 1_795_428_000  # 2026-11-23T10:00:00Z, the canonical event's signature time
NOW = SIGNED_AT + 1.25

# ISO 4217 minor units, listed again here from the standard (not imported from the code):
# the currencies whose precision is not 2.
ZERO_DECIMAL = (
    "BIF",
    "CLP",
    "DJF",
    "GNF",
    "ISK",
    "JPY",
    "KMF",
    "KRW",
    "PYG",
    "RWF",
    "UGX",
    "UYI",
    "VND",
    "VUV",
    "XAF",
    "XOF",
    "XPF",
)
THREE_DECIMAL = ("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND")
FOUR_DECIMAL = ("CLF", "UYW")


def canonical_body() -> bytes:
    """The body of the canonical API Gateway event (a valid EUR 125.50 payment)."""
    return str(load_event("apigw_webhook_post")["body"]).encode("utf-8")


def api_gateway_event(
    body: bytes | str | None,
    *,
    signature: str | None = None,
    header_name: str = "X-Webhook-Signature",
    base64_encoded: bool = False,
) -> dict[str, Any]:
    """The canonical proxy event with another body and signature header (none if `signature` is None)."""
    event: dict[str, Any] = copy.deepcopy(load_event("apigw_webhook_post"))
    headers = {
        name: value for name, value in event["headers"].items() if name.lower() != "x-webhook-signature"
    }
    if signature is not None:
        headers[header_name] = signature
    event["headers"] = headers
    raw = body.encode("utf-8") if isinstance(body, str) else body
    if raw is None:
        event["body"] = None
    elif base64_encoded:
        event["body"] = base64.b64encode(raw).decode("ascii")
    else:
        event["body"] = raw.decode("utf-8", "surrogateescape")
    event["isBase64Encoded"] = base64_encoded
    return event


def signed_event(
    body: bytes, *, secret: str = SECRET, timestamp: int = SIGNED_AT, **options: Any
) -> dict[str, Any]:
    """A proxy event carrying `body`, validly signed with `secret` at `timestamp`."""
    return api_gateway_event(body, signature=sign(secret, body, timestamp), **options)


def response_body(response: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(response["body"])
    return body


# --- card numbers --------------------------------------------------------------------------------


def luhn_check_digit(partial: str) -> str:
    """The digit that makes `partial` + digit pass Luhn (reference implementation)."""
    total = 0
    for index, char in enumerate(reversed(partial)):
        digit = int(char)
        if index % 2 == 0:  # doubled: the check digit will sit to the right
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return str((10 - total % 10) % 10)


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    """13 to 19 digits passing Luhn, plain or grouped by single spaces or dashes."""
    length = draw(st.integers(min_value=13, max_value=19))
    first = draw(st.sampled_from("3456"))
    middle = draw(st.text(alphabet="0123456789", min_size=length - 2, max_size=length - 2))
    digits = first + middle + luhn_check_digit(first + middle)
    separator = draw(st.sampled_from(["", " ", "-"]))
    if not separator:
        return digits
    return separator.join(digits[index : index + 4] for index in range(0, len(digits), 4))


def nest_at(path: list[str | int], leaf: Any, filler: Any) -> tuple[Any, str]:
    """A value holding `leaf` at `path` (lists padded with `filler`), and that path as reported.

    Keys are written `a.b`, list indices `a[0]`: the form the handler reports a field in.
    """
    value = leaf
    for segment in reversed(path):
        value = [filler] * segment + [value] if isinstance(segment, int) else {segment: value}
    text = ""
    for segment in path:
        text += f"[{segment}]" if isinstance(segment, int) else (f".{segment}" if text else segment)
    return value, text


# --- valid payloads ------------------------------------------------------------------------------

_LONG_DIGIT_RUN = re.compile(r"[0-9](?:-?[0-9]){12,}")

transaction_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", fullmatch=True).filter(
    lambda text: not _LONG_DIGIT_RUN.search(text)
)
statuses = st.sampled_from(["pending", "completed", "failed"])
safe_text = st.text(alphabet=st.characters(blacklist_categories=["Nd", "Cs"]), max_size=20)
safe_json = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**11), max_value=10**11) | safe_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(safe_text, children, max_size=4),
    max_leaves=12,
)


@st.composite
def amounts(draw: st.DrawFn, currency: str) -> Decimal:
    """A positive amount at exactly `currency`'s precision, up to 999 999 999 999 major units."""
    places = minor_units_of(currency)
    units = draw(st.integers(min_value=1, max_value=999_999_999_999 * 10**places))
    return Decimal(units).scaleb(-places)


def minor_units_of(currency: str) -> int:
    if currency in ZERO_DECIMAL:
        return 0
    if currency in THREE_DECIMAL:
        return 3
    if currency in FOUR_DECIMAL:
        return 4
    return 2


def amount_literal(amount: Decimal, style: str) -> str:
    """`amount` as a JSON number: fixed-point, with extra trailing zeros, or with an exponent."""
    if style == "fixed":
        return format(amount, "f")
    if style == "padded":
        return format(amount, "f") + ("0" if "." in format(amount, "f") else ".00")
    return format(amount, "E")


@dataclass(frozen=True)
class Payload:
    body: bytes
    transaction_id: str
    amount: Decimal
    currency: str
    status: str
    timestamp: str | None  # the event timestamp `created_at` implies, if given


@st.composite
def valid_payloads(draw: st.DrawFn, currencies: st.SearchStrategy[str]) -> Payload:
    """A valid webhook body (fields in random order, extra fields without card numbers)."""
    currency = draw(currencies)
    amount = draw(amounts(currency))
    transaction_id = draw(transaction_ids)
    status = draw(statuses)
    fields = {
        "transaction_id": json.dumps(transaction_id),
        "amount": amount_literal(amount, draw(st.sampled_from(["fixed", "padded", "exponent"]))),
        "currency": json.dumps(currency),
        "status": json.dumps(status),
    }
    timestamp = None
    if draw(st.booleans()):
        instant = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
        timestamp = instant.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
        suffix = draw(st.sampled_from(["Z", "+00:00", ".123Z"]))
        fields["created_at"] = json.dumps(
            instant.replace(tzinfo=UTC, microsecond=0).strftime("%Y-%m-%dT%H:%M:%S") + suffix
        )
    for name, value in draw(
        st.dictionaries(safe_text.map(lambda key: f"x_{key}"), safe_json, max_size=3)
    ).items():
        fields[name] = json.dumps(value)
    order = draw(st.permutations(list(fields)))
    body = "{" + ", ".join(f"{json.dumps(name)}: {fields[name]}" for name in order) + "}"
    return Payload(
        body=body.encode("utf-8"),
        transaction_id=transaction_id,
        amount=amount,
        currency=currency,
        status=status,
        timestamp=timestamp,
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=25,
)


def stubbable_client(service: str) -> Any:
    """A real botocore client that never reaches AWS once a Stubber is active on it."""
    return boto3.client(
        service, region_name="eu-west-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )


# --- moto resources ------------------------------------------------------------------------------


def create_table(dynamodb: Any, name: str, *, partition_key: str) -> str:
    """A table keyed like `transactions` (transaction_id) or `audit_logs` (event_id), sort key timestamp."""
    dynamodb.create_table(
        TableName=name,
        KeySchema=[
            {"AttributeName": partition_key, "KeyType": "HASH"},
            {"AttributeName": "timestamp", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": partition_key, "AttributeType": "S"},
            {"AttributeName": "timestamp", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return name


def sqs_event(*bodies: str, message_ids: list[str] | None = None) -> dict[str, Any]:
    """An SQS event (the canonical record's shape) with one record per body."""
    template = load_event("sqs_transaction_events")["Records"][0]
    ids = message_ids or [f"msg-{index}" for index in range(len(bodies))]
    return {
        "Records": [
            {**template, "messageId": message_id, "body": body}
            for message_id, body in zip(ids, bodies, strict=True)
        ]
    }


def canonical_event_bodies() -> list[str]:
    return [record["body"] for record in load_event("sqs_transaction_events")["Records"]]
