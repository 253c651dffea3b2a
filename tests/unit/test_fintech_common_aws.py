"""Client settings: standard retries, bounded attempts and timeouts, a computable worst case."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from fintech_common.aws import ClientSettings, error_code

SETTINGS = ClientSettings(max_attempts=4, connect_timeout=1.0, read_timeout=2.0)


def test_the_config_uses_standard_retries_with_the_given_attempts() -> None:
    config = SETTINGS.config()
    assert config.retries == {"mode": "standard", "total_max_attempts": 4}
    assert (config.connect_timeout, config.read_timeout) == (1.0, 2.0)


def test_a_client_makes_exactly_max_attempts_attempts() -> None:
    # GIVEN a client with these settings whose endpoint refuses every connection
    client = boto3.client(
        "sns",
        region_name="eu-west-1",
        endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=SETTINGS.config(),
    )
    attempts: list[str] = []
    client.meta.events.register("before-send.sns.Publish", lambda **kwargs: attempts.append("sent"))
    # WHEN it publishes THEN it tries 4 times in all (3 retries) and then fails
    with pytest.raises(EndpointConnectionError):
        client.publish(TopicArn="arn:aws:sns:eu-west-1:123456789012:t", Message="m")
    assert len(attempts) == 4


def test_the_worst_case_is_every_attempt_timing_out_after_the_longest_backoffs() -> None:
    # 4 attempts x (1 s + 2 s) + backoffs of at most 1, 2 and 4 s
    assert SETTINGS.worst_case_seconds() == 19.0


def test_backoff_is_capped_at_twenty_seconds() -> None:
    many = ClientSettings(max_attempts=7, connect_timeout=0.0, read_timeout=0.0)
    assert many.worst_case_seconds() == 1 + 2 + 4 + 8 + 16 + 20


def test_the_error_code_of_a_client_error() -> None:
    assert (
        error_code(ClientError({"Error": {"Code": "ThrottlingException"}}, "Publish"))
        == "ThrottlingException"
    )


def test_the_error_code_of_any_other_exception_is_its_class_name() -> None:
    assert error_code(TimeoutError("slow")) == "TimeoutError"
