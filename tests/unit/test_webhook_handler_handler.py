"""webhook_handler end to end in one process: API Gateway event in, moto SNS/SQS/Secrets Manager behind.

Covers the HTTP contract: 202, 4xx naming the field, 401, 413, the DLQ fallback, 503, the
message attributes, base64 bodies, header case, the secret cache and what never reaches a log.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import boto3
import pytest

from tests.conftest import load_event
from tests.webhook_signing import sign
from tests.webhook_testkit import (
    NOW,
    SECRET,
    SIGNED_AT,
    api_gateway_event,
    canonical_body,
    response_body,
    signed_event,
)
from webhook_handler import handler
from webhook_handler.runtime import build_dependencies
from webhook_handler.secret import CachedSecret, secrets_manager_fetcher
from webhook_handler.service import Dependencies

SIGNATURE_FIELD = "X-Webhook-Signature"


@dataclass(frozen=True)
class Context:
    aws_request_id: str = "8f5e1f7c-request"


@dataclass
class Pipeline:
    sqs: Any
    subscription_queue: str
    dlq: str
    secret_arn: str
    environment: dict[str, str]
    dependencies: Dependencies

    def install(self, monkeypatch: pytest.MonkeyPatch, dependencies: Dependencies | None = None) -> None:
        monkeypatch.setattr(handler, "DEPENDENCIES", dependencies or self.dependencies)

    def messages(self, queue: str) -> list[dict[str, Any]]:
        response = self.sqs.receive_message(
            QueueUrl=queue, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
        )
        return list(response.get("Messages", []))


@pytest.fixture(scope="module")
def resources(module_aws: None) -> Pipeline:
    """The topic, its subscribed queue, the DLQ and the secret: created once for the module."""
    secret_arn = boto3.client("secretsmanager").create_secret(Name="webhook-signing", SecretString=SECRET)[
        "ARN"
    ]
    sns, sqs = boto3.client("sns"), boto3.client("sqs")
    topic = sns.create_topic(Name="payment_events")["TopicArn"]
    queue = sqs.create_queue(QueueName="audit-logger-queue")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"}
    )
    dlq = sqs.create_queue(QueueName="webhook-handler-dlq")["QueueUrl"]
    environment = {
        "TOPIC_ARN": topic,
        "DLQ_URL": dlq,
        "SIGNING_SECRET_ARN": secret_arn,
        "METRICS_NAMESPACE": "FinTech/Payments",
        "ENVIRONMENT": "test",
    }
    dependencies = replace(build_dependencies(environment), clock=lambda: NOW)
    return Pipeline(sqs, queue, dlq, secret_arn, environment, dependencies)


@pytest.fixture
def pipeline(resources: Pipeline, monkeypatch: pytest.MonkeyPatch) -> Iterator[Pipeline]:
    """The handler wired to the module's resources, with both queues empty."""
    for queue in (resources.subscription_queue, resources.dlq):
        while messages := resources.messages(queue):
            entries = [{"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(messages)]
            resources.sqs.delete_message_batch(QueueUrl=queue, Entries=entries)
    resources.install(monkeypatch)
    yield resources


def call(event: dict[str, Any]) -> dict[str, Any]:
    return handler.lambda_handler(event, Context())


def body_with(old: str, new: str) -> bytes:
    body = canonical_body()
    assert old.encode() in body
    return body.replace(old.encode(), new.encode(), 1)


# --- accepted ------------------------------------------------------------------------------------


def test_a_valid_signed_webhook_is_accepted(pipeline: Pipeline) -> None:
    response = call(signed_event(canonical_body()))
    assert response["statusCode"] == 202
    assert response_body(response)["status"] == "accepted"
    assert response["headers"]["Content-Type"] == "application/json"


def test_the_canonical_event_is_accepted_as_recorded(pipeline: Pipeline) -> None:
    assert call(load_event("apigw_webhook_post"))["statusCode"] == 202


def test_the_accepted_event_is_published_with_exactly_two_attributes(pipeline: Pipeline) -> None:
    call(signed_event(canonical_body()))
    (message,) = pipeline.messages(pipeline.subscription_queue)
    attributes = {
        name: (value["DataType"], value["StringValue"])
        for name, value in message["MessageAttributes"].items()
    }
    assert attributes == {
        "event_type": ("String", "transaction.completed"),
        "status": ("String", "completed"),
    }


def test_the_published_event_is_the_one_the_sender_was_told_about(pipeline: Pipeline) -> None:
    response = call(signed_event(canonical_body()))
    (message,) = pipeline.messages(pipeline.subscription_queue)
    event = json.loads(message["Body"])
    assert event["event_id"] == response_body(response)["event_id"]
    assert event["transaction"]["amount"] == "125.50"
    assert '"amount":125.50' in message["Body"]


def test_a_base64_body_is_accepted(pipeline: Pipeline) -> None:
    assert call(signed_event(canonical_body(), base64_encoded=True))["statusCode"] == 202


@pytest.mark.parametrize("name", ["x-webhook-signature", "X-WEBHOOK-SIGNATURE", "X-Webhook-Signature"])
def test_the_signature_header_is_found_in_any_case(pipeline: Pipeline, name: str) -> None:
    assert call(signed_event(canonical_body(), header_name=name))["statusCode"] == 202


def test_the_same_webhook_twice_gets_the_same_event_id(pipeline: Pipeline) -> None:
    first = response_body(call(signed_event(canonical_body())))
    second = response_body(call(signed_event(canonical_body(), timestamp=SIGNED_AT - 60)))
    assert first["event_id"] == second["event_id"]


# --- refused -------------------------------------------------------------------------------------


def _unsigned() -> dict[str, Any]:
    return api_gateway_event(canonical_body())


def _wrong_secret() -> dict[str, Any]:
    return signed_event(canonical_body(), secret="whsec_not_the_secret")


def _stale() -> dict[str, Any]:
    return signed_event(canonical_body(), timestamp=SIGNED_AT - 300)


def _future() -> dict[str, Any]:
    return signed_event(canonical_body(), timestamp=SIGNED_AT + 303)


def _body_changed() -> dict[str, Any]:
    event = signed_event(canonical_body())
    event["body"] = body_with("125.50", "125.51").decode()
    return event


def _timestamp_changed() -> dict[str, Any]:
    signature = sign(SECRET, canonical_body(), SIGNED_AT)
    return api_gateway_event(
        canonical_body(), signature=signature.replace(f"t={SIGNED_AT}", f"t={SIGNED_AT + 1}")
    )


def _signature_changed() -> dict[str, Any]:
    signature = sign(SECRET, canonical_body(), SIGNED_AT)
    last = signature[-1]
    return api_gateway_event(canonical_body(), signature=signature[:-1] + ("0" if last != "0" else "1"))


def _malformed() -> dict[str, Any]:
    return api_gateway_event(canonical_body(), signature="sha256=abc")


@pytest.mark.parametrize(
    "make_event",
    [
        _unsigned,
        _wrong_secret,
        _stale,
        _future,
        _body_changed,
        _timestamp_changed,
        _signature_changed,
        _malformed,
    ],
)
def test_an_unverifiable_request_is_a_401_and_nothing_is_published(
    pipeline: Pipeline, make_event: Any
) -> None:
    response = call(make_event())
    assert response["statusCode"] == 401
    assert response_body(response)["error"] == "invalid_signature"
    assert response_body(response)["field"] == SIGNATURE_FIELD
    assert pipeline.messages(pipeline.subscription_queue) == []


@pytest.mark.parametrize("signed", [True, False])
def test_a_body_over_16_kib_is_a_413_before_the_signature_is_checked(
    pipeline: Pipeline, signed: bool
) -> None:
    body = b'{"pad": "' + b"x" * 16_384 + b'"}'
    response = call(signed_event(body) if signed else api_gateway_event(body))
    assert (response["statusCode"], response_body(response)["error"]) == (413, "payload_too_large")


@pytest.mark.parametrize(
    ("body", "error", "field"),
    [
        (body_with('"transaction_id": "txn_20261123_0001", ', ""), "missing_field", "transaction_id"),
        (body_with("txn_20261123_0001", "txn 1"), "invalid_field", "transaction_id"),
        (body_with('"amount": 125.50, ', ""), "missing_field", "amount"),
        (body_with("125.50", '"125.50"'), "invalid_field", "amount"),
        (body_with("125.50", "125.505"), "invalid_field", "amount"),
        (body_with("125.50", "-125.50"), "invalid_field", "amount"),
        (body_with('"EUR"', '"eur"'), "invalid_field", "currency"),
        (body_with('"currency": "EUR", ', ""), "missing_field", "currency"),
        (body_with('"completed"', '"refunded"'), "invalid_field", "status"),
        (body_with('"status": "completed", ', ""), "missing_field", "status"),
        (body_with("2026-11-23T10:00:00Z", "23/11/2026"), "invalid_field", "created_at"),
        (body_with('"order-7781"', '"4111 1111 1111 1111"'), "card_number", "metadata.reference"),
        (body_with("125.50", "NaN"), "invalid_json", None),
        (body_with("}}", '}, "metadata": {}}}'), "invalid_json", None),
        (b"[]", "invalid_json", None),
    ],
)
def test_an_invalid_body_is_a_400_naming_the_field(
    pipeline: Pipeline, body: bytes, error: str, field: str | None
) -> None:
    response = call(signed_event(body))
    assert response["statusCode"] == 400
    assert (response_body(response)["error"], response_body(response)["field"]) == (error, field)
    assert pipeline.messages(pipeline.subscription_queue) == []


# --- delivery failures ---------------------------------------------------------------------------


def _with_publisher(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch, *, topic: str, dlq: str) -> None:
    publisher = replace(pipeline.dependencies.publisher, topic_arn=topic, dlq_url=dlq)
    pipeline.install(monkeypatch, replace(pipeline.dependencies, publisher=publisher))


def test_a_failed_publish_lands_in_the_dlq_and_is_still_accepted(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a topic that cannot be published to
    _with_publisher(
        pipeline, monkeypatch, topic=pipeline.environment["TOPIC_ARN"] + "-missing", dlq=pipeline.dlq
    )
    # WHEN a valid webhook arrives
    response = call(signed_event(canonical_body()))
    # THEN the sender gets 202 and the event waits in the DLQ with why it is there
    assert response["statusCode"] == 202
    (message,) = pipeline.messages(pipeline.dlq)
    assert json.loads(message["Body"])["event_id"] == response_body(response)["event_id"]
    assert set(message["MessageAttributes"]) == {"event_type", "status", "failure"}
    assert message["MessageAttributes"]["failure"]["StringValue"] == "NotFound"


def test_a_failed_publish_and_dlq_write_is_a_503_with_retry_after(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_publisher(
        pipeline,
        monkeypatch,
        topic=pipeline.environment["TOPIC_ARN"] + "-missing",
        dlq=pipeline.dlq + "-missing",
    )
    response = call(signed_event(canonical_body()))
    assert response["statusCode"] == 503
    assert response["headers"]["Retry-After"] == "30"
    assert response_body(response)["error"] == "unavailable"


def test_an_unreadable_secret_is_a_503_not_a_401(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    environment = {**pipeline.environment, "SIGNING_SECRET_ARN": pipeline.secret_arn + "-missing"}
    pipeline.install(monkeypatch, replace(build_dependencies(environment), clock=lambda: NOW))
    assert call(signed_event(canonical_body()))["statusCode"] == 503


# --- the secret, the logs and the metrics --------------------------------------------------------


def test_the_secret_is_read_once_for_many_requests(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a Secrets Manager client that counts its GetSecretValue calls
    secrets = boto3.client("secretsmanager")
    reads: list[str] = []
    secrets.meta.events.register(
        "before-call.secrets-manager.GetSecretValue", lambda **kwargs: reads.append("read")
    )
    pipeline.install(
        monkeypatch,
        replace(
            pipeline.dependencies,
            secret=CachedSecret(secrets_manager_fetcher(secrets, pipeline.secret_arn)).get,
        ),
    )
    # WHEN 25 requests, valid and not, arrive
    statuses = [
        call(signed_event(canonical_body(), secret=SECRET if n % 2 else "whsec_other"))["statusCode"]
        for n in range(25)
    ]
    # THEN the secret was read from Secrets Manager once
    assert set(statuses) == {202, 401}
    assert reads == ["read"]


def test_neither_the_secret_nor_the_signature_nor_the_body_is_ever_logged(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN requests that are accepted, refused, and failed
    good, bad = signed_event(canonical_body()), signed_event(canonical_body(), secret="whsec_other")
    call(good)
    call(bad)
    _with_publisher(
        pipeline, monkeypatch, topic="arn:aws:sns:eu-west-1:123456789012:missing", dlq=pipeline.dlq + "-x"
    )
    call(good)
    # THEN the output holds none of the secret, the signatures or the body's contents
    output = "".join(capsys.readouterr())
    signatures = [event["headers"]["X-Webhook-Signature"].split("v1=")[1] for event in (good, bad)]
    assert output
    for forbidden in [SECRET, *signatures, "order-7781", "m_42"]:
        assert forbidden not in output


def test_each_request_writes_one_log_line_and_one_metric_line(
    pipeline: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    call(signed_event(canonical_body()))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    log, metric = lines
    assert (log["message"], log["request_id"], log["delivery"]) == (
        "webhook accepted",
        "8f5e1f7c-request",
        "published",
    )
    assert (metric["WebhooksAccepted"], metric["WebhooksRefused"], metric["Environment"]) == (1, 0, "test")


def test_a_refusal_is_counted_as_refused(pipeline: Pipeline, capsys: pytest.CaptureFixture[str]) -> None:
    call(api_gateway_event(canonical_body()))
    log, metric = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert (log["message"], log["status_code"], log["error"]) == ("webhook refused", 401, "invalid_signature")
    assert (metric["WebhooksAccepted"], metric["WebhooksRefused"]) == (0, 1)
