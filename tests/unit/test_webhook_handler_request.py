"""The request out of an API Gateway event: headers by any case, the raw body, 413 first."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.webhook_testkit import api_gateway_event, canonical_body
from webhook_handler.request import MAX_BODY_BYTES, request_from_event
from webhook_handler.responses import Refusal


def refusal(event: dict[str, Any]) -> Refusal:
    with pytest.raises(Refusal) as raised:
        request_from_event(event)
    return raised.value


@pytest.mark.parametrize(
    "name", ["X-Webhook-Signature", "x-webhook-signature", "X-WEBHOOK-SIGNATURE", "x-Webhook-signature"]
)
def test_headers_are_found_whatever_their_case(name: str) -> None:
    request = request_from_event(api_gateway_event(b"{}", signature="t=1,v1=x", header_name=name))
    assert request.header_values("X-Webhook-Signature") == ("t=1,v1=x",)


def test_multi_value_headers_are_read_and_repeats_collapse() -> None:
    event = {
        "headers": {"X-Webhook-Signature": "a"},
        "multiValueHeaders": {"x-webhook-signature": ["a", "b"]},
    }
    assert request_from_event(event).header_values("x-webhook-signature") == ("a", "b")


def test_missing_headers_and_body_give_an_empty_request() -> None:
    request = request_from_event({"headers": None, "body": None})
    assert (request.body, request.header_values("x-webhook-signature")) == (b"", ())


def test_a_text_body_is_its_utf8_bytes() -> None:
    assert request_from_event(api_gateway_event('{"a": "é"}')).body == '{"a": "é"}'.encode()


def test_a_base64_body_is_decoded() -> None:
    assert (
        request_from_event(api_gateway_event(canonical_body(), base64_encoded=True)).body == canonical_body()
    )


def test_an_invalid_base64_body_is_a_400() -> None:
    event = {"body": "not base64!", "isBase64Encoded": True}
    assert (refusal(event).status_code, refusal(event).error) == (400, "invalid_body")


def test_a_body_that_is_not_text_is_a_400() -> None:
    assert refusal({"body": {"a": 1}}).status_code == 400


@pytest.mark.parametrize("encoded", [False, True])
def test_a_body_at_the_limit_is_accepted(encoded: bool) -> None:
    body = b"x" * MAX_BODY_BYTES
    assert request_from_event(api_gateway_event(body, base64_encoded=encoded)).body == body


@pytest.mark.parametrize("encoded", [False, True])
def test_a_body_one_byte_over_the_limit_is_a_413(encoded: bool) -> None:
    failure = refusal(api_gateway_event(b"x" * (MAX_BODY_BYTES + 1), base64_encoded=encoded))
    assert (failure.status_code, failure.error) == (413, "payload_too_large")


def test_multibyte_text_is_measured_in_bytes() -> None:
    failure = refusal(api_gateway_event("é" * (MAX_BODY_BYTES // 2 + 1)))
    assert failure.status_code == 413


def test_a_huge_base64_body_is_refused_before_decoding() -> None:
    event = {"body": base64.b64encode(b"x" * (10 * MAX_BODY_BYTES)).decode() + "!", "isBase64Encoded": True}
    assert refusal(event).status_code == 413
