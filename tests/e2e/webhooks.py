"""Signed webhook deliveries as API Gateway proxy events, and a deterministic mixed workload.

A `Delivery` is one POST /webhook as the provider would send it, with what the pipeline must
answer. `workload()` builds a few hundred of them from a seed: valid ones in every status and in
currencies with 0, 2 and 3 minor units, redeliveries of some (the identical request again, or
signed anew when the body carries `created_at`), and one refusal of every kind the contract
names. Bodies are signed with the independent reference signer in `tests/webhook_signing.py`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from policies.constants import PROCESSOR_STATUSES, SIGNATURE_TOLERANCE_SECONDS, TRANSACTION_STATUSES
from tests.webhook_signing import sign_rotating

SIGNATURE_HEADER = "X-Webhook-Signature"
MAX_BODY_BYTES = 16_384
# Currency -> ISO 4217 minor units: 0, 2 and 3 decimal places.
CURRENCIES = {"JPY": 0, "KRW": 0, "EUR": 2, "USD": 2, "GBP": 2, "BHD": 3, "KWD": 3, "TND": 3}
LARGEST_MAJOR = 999_999_999_999  # the largest amount allowed, in major units
# The smallest amounts and those with the most digits: the digits most easily lost.
EXTREMES = (
    ("JPY", Decimal("1")),
    ("JPY", Decimal("999999999999")),
    ("EUR", Decimal("0.01")),
    ("EUR", Decimal("999999999998.99")),
    ("BHD", Decimal("0.001")),
    ("KWD", Decimal("999999999998.999")),
)
CARD_NUMBER = "4111 1111 1111 1111"  # the Visa test PAN: 16 digits, Luhn-valid
PREVIOUS_SECRET = "previous-secret-being-rotated-out"
MISSING = object()  # a field left out of the body


@dataclass(frozen=True)
class Expected:
    """The transaction a valid delivery carries, as the pipeline must store it."""

    transaction_id: str
    amount: Decimal
    currency: str
    status: str


@dataclass(frozen=True)
class Delivery:
    name: str  # what kind of webhook this is, for assertion messages
    body: bytes
    headers: Mapping[str, str]
    expected_status: int
    expected_field: str | None = None  # the field a refusal must name, where one field is wrong
    transaction: Expected | None = None  # set on deliveries that must be accepted
    base64_encoded: bool = False
    redelivery: bool = False  # the same webhook as an earlier delivery

    def proxy_event(self) -> dict[str, Any]:
        return proxy_event(self.body, self.headers, base64_encoded=self.base64_encoded)


def proxy_event(body: bytes, headers: Mapping[str, str], *, base64_encoded: bool = False) -> dict[str, Any]:
    """An API Gateway REST API Lambda-proxy event for POST /webhook."""
    text = base64.b64encode(body).decode() if base64_encoded else body.decode()
    all_headers = {"Content-Type": "application/json", "User-Agent": "provider-webhooks/1.0", **headers}
    return {
        "resource": "/webhook",
        "path": "/webhook",
        "httpMethod": "POST",
        "headers": all_headers,
        "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/webhook",
            "httpMethod": "POST",
            "path": "/v1/webhook",
            "stage": "v1",
            "requestId": hashlib.sha256(body).hexdigest()[:32],
            "identity": {"sourceIp": "203.0.113.10", "apiKey": "e2e-api-key"},
        },
        "body": text,
        "isBase64Encoded": base64_encoded,
    }


def encode(document: Mapping[str, Any]) -> bytes:
    """JSON with every Decimal written as the exact number literal it holds (never a float)."""
    literals: dict[str, str] = {}

    def placeholder(value: Any) -> Any:
        if isinstance(value, Decimal):
            key = f"__decimal_{len(literals)}__"
            literals[key] = str(value)
            return key
        if isinstance(value, dict):
            return {name: placeholder(item) for name, item in value.items()}
        if isinstance(value, list):
            return [placeholder(item) for item in value]
        return value

    text = json.dumps(placeholder(document), separators=(",", ":"))
    for key, literal in literals.items():
        text = text.replace(f'"{key}"', literal)
    return text.encode()


def decode(body: bytes) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(body, parse_float=Decimal, parse_int=Decimal)
    return document


def random_amount(rng: random.Random, places: int) -> Decimal:
    """A valid amount with at most `places` decimals, from one minor unit up to the largest allowed."""
    major = rng.choice([0, rng.randint(1, 99), rng.randint(100, 999_999), rng.randint(1, LARGEST_MAJOR - 1)])
    if places == 0:
        return Decimal(max(major, 1))
    written = rng.randint(1, places)  # at most `places` decimals written, sometimes fewer
    minor = rng.randint(0, 10**written - 1)
    amount = Decimal(f"{major}.{minor:0{written}d}")
    return amount if amount > 0 else Decimal(1).scaleb(-places)


class WorkloadBuilder:
    """Builds deliveries for one test: unique transaction ids under `prefix`, signed at `now`."""

    def __init__(self, *, secret: str, now: int, prefix: str, seed: int) -> None:
        self.secret = secret
        self.now = now
        self.prefix = prefix
        self.rng = random.Random(seed)
        self.count = 0

    def next_id(self) -> str:
        self.count += 1
        return f"{self.prefix}_{self.count:05d}"

    def fields(self, *, status: str | None = None, currency: str | None = None) -> dict[str, Any]:
        """A valid body; about half carry `created_at`, about half free-form `metadata`."""
        currency = currency or self.rng.choice(sorted(CURRENCIES))
        document: dict[str, Any] = {
            "transaction_id": self.next_id(),
            "amount": random_amount(self.rng, CURRENCIES[currency]),
            "currency": currency,
            "status": status or self.rng.choice(TRANSACTION_STATUSES),
        }
        if self.rng.random() < 0.5:
            day, hour, minute, second = (
                self.rng.randint(1, 28),
                self.rng.randint(0, 23),
                self.rng.randint(0, 59),
                self.rng.randint(0, 59),
            )
            document["created_at"] = f"2026-11-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"
        if self.rng.random() < 0.5:
            document["metadata"] = {
                "order_ref": f"ord-{self.rng.randint(1000, 9999)}",
                "channel": "web",
                "items": [{"sku": "sku-1", "quantity": Decimal(self.rng.randint(1, 9))}],
            }
        return document

    def signed(self, body: bytes, *, secrets: tuple[str, ...] | None = None, at: int | None = None) -> str:
        return sign_rotating(list(secrets or (self.secret,)), body, self.now if at is None else at)

    def valid(
        self,
        document: Mapping[str, Any],
        *,
        name: str = "valid",
        rotation: bool = False,
        base64_encoded: bool = False,
        at: int | None = None,
    ) -> Delivery:
        """A delivery of `document` that must be accepted (signed with two secrets if `rotation`)."""
        body = encode(document)
        secrets = (PREVIOUS_SECRET, self.secret) if rotation else (self.secret,)
        return Delivery(
            name=name,
            body=body,
            headers={SIGNATURE_HEADER: self.signed(body, secrets=secrets, at=at)},
            expected_status=202,
            transaction=Expected(
                transaction_id=document["transaction_id"],
                amount=Decimal(document["amount"]),
                currency=document["currency"],
                status=document["status"],
            ),
            base64_encoded=base64_encoded,
        )

    def refused(
        self,
        body: bytes,
        *,
        name: str,
        status: int,
        field_name: str | None = None,
        signature: str | None = None,
        unsigned: bool = False,
    ) -> Delivery:
        """A delivery that must be refused; signed correctly unless `signature` or `unsigned`."""
        headers = {} if unsigned else {SIGNATURE_HEADER: signature or self.signed(body)}
        return Delivery(
            name=name, body=body, headers=headers, expected_status=status, expected_field=field_name
        )

    def invalid_field(self, name: str, field_name: str | None, **changes: Any) -> Delivery:
        """A correctly signed body with one field changed (to MISSING: removed): a 400."""
        document = {**self.fields(), **changes}
        document = {key: value for key, value in document.items() if value is not MISSING}
        return self.refused(encode(document), name=name, status=400, field_name=field_name)

    def refusals(self) -> list[Delivery]:
        """One delivery per way the contract refuses a webhook, in the order the checks run."""
        body = encode(self.fields())
        oversized = {**self.fields(), "metadata": {"padding": "x" * MAX_BODY_BYTES}}
        duplicate_key = encode(self.fields())[:-1] + b',"status":"completed"}'
        stale = self.now - SIGNATURE_TOLERANCE_SECONDS - 1
        return [
            self.refused(encode(oversized), name="body over 16 KiB", status=413),
            self.refused(body, name="no signature", status=401, unsigned=True),
            self.refused(body, name="malformed signature", status=401, signature="v1=abc"),
            self.refused(
                body, name="wrong secret", status=401, signature=self.signed(body, secrets=("not-it",))
            ),
            self.refused(body, name="stale signature", status=401, signature=self.signed(body, at=stale)),
            self.refused(
                body, name="body changed after signing", status=401, signature=self.signed(body + b" ")
            ),
            self.refused(b'{"transaction_id": "tx", ', name="not JSON", status=400),
            self.refused(b'["a list"]', name="not an object", status=400),
            self.refused(duplicate_key, name="duplicate key", status=400),
            self.invalid_field("NaN amount", None, amount=Decimal("NaN")),
            self.invalid_field("amount as a string", "amount", amount="10.00"),
            self.invalid_field("zero amount", "amount", amount=Decimal("0"), currency="EUR"),
            self.invalid_field("negative amount", "amount", amount=Decimal("-5.00"), currency="USD"),
            self.invalid_field("decimals on JPY", "amount", amount=Decimal("100.5"), currency="JPY"),
            self.invalid_field("3 decimals on EUR", "amount", amount=Decimal("1.005"), currency="EUR"),
            self.invalid_field("4 decimals on BHD", "amount", amount=Decimal("1.0005"), currency="BHD"),
            self.invalid_field(
                "amount over the maximum", "amount", amount=Decimal(LARGEST_MAJOR + 1), currency="JPY"
            ),
            self.invalid_field("lower-case currency", "currency", currency="eur"),
            self.invalid_field("unknown currency", "currency", currency="XYZ"),
            self.invalid_field("missing currency", "currency", currency=MISSING),
            self.invalid_field("unknown status", "status", status="refunded"),
            self.invalid_field("bad transaction id", "transaction_id", transaction_id="-starts-with-dash"),
            self.invalid_field("bad created_at", "created_at", created_at="23/11/2026 10:00"),
            self.invalid_field(
                "card number in metadata", "metadata.note", metadata={"note": f"card {CARD_NUMBER}"}
            ),
        ]

    def redelivery(self, original: Delivery) -> Delivery:
        """The same webhook again: signed anew a minute later when `created_at` fixes the event
        time, else the identical request (a retry of a delivery whose answer was lost)."""
        document = decode(original.body)
        if "created_at" in document:
            resent = self.valid(document, name="redelivery, signed again", at=self.now - 60)
        else:
            resent = replace(original, name="redelivery, identical request")
        return replace(resent, redelivery=True)


def workload(*, secret: str, now: int, prefix: str, seed: int, valid: int) -> list[Delivery]:
    """`valid` distinct valid webhooks (statuses and currencies in turn, the EXTREMES first, some
    base64-encoded, some signed with two secrets), a redelivery of every fifth one and one of each
    refusal, shuffled."""
    builder = WorkloadBuilder(secret=secret, now=now, prefix=prefix, seed=seed)
    currencies = sorted(CURRENCIES)
    documents = [
        builder.fields(status=TRANSACTION_STATUSES[index % 3], currency=currencies[index % len(currencies)])
        for index in range(valid)
    ]
    for index, (currency, amount) in enumerate(EXTREMES):  # in both tables: never status failed
        documents[index].update(currency=currency, amount=amount, status=PROCESSOR_STATUSES[index % 2])
    deliveries = [
        builder.valid(document, rotation=index % 7 == 0, base64_encoded=index % 11 == 0)
        for index, document in enumerate(documents)
    ]
    mixed = deliveries + [builder.redelivery(original) for original in deliveries[::5]] + builder.refusals()
    builder.rng.shuffle(mixed)
    return mixed
