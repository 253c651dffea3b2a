"""The function's clients and settings, built once per cold start from its environment.

Worst case on the request path (every attempt times out, every backoff is the longest):
publish 17 s + DLQ write 6 s = 23 s, inside the function's timeout (25 s, set by the stack) and
API Gateway's 29 s, so even then the sender gets the 503 that tells it to retry. A secret read
(at most every 5 minutes) can add 6 s more; if all three fail slowly at once the function times
out and API Gateway answers 5xx: the sender still retries, and nothing answered 2xx is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import boto3

from fintech_common.aws import ClientSettings
from fintech_common.emf import Metrics
from fintech_common.log import Logger
from webhook_handler.publish import EventPublisher
from webhook_handler.secret import CachedSecret, secrets_manager_fetcher
from webhook_handler.service import Dependencies

SERVICE: Final = "webhook_handler"
API_GATEWAY_TIMEOUT_SECONDS: Final = 29

# 4 attempts = 3 retries (WH-09); short timeouts keep the worst case inside API Gateway's limit.
PUBLISH: Final = ClientSettings(max_attempts=4, connect_timeout=1.0, read_timeout=1.5)
DEAD_LETTER: Final = ClientSettings(max_attempts=2, connect_timeout=1.0, read_timeout=1.5)
SECRET: Final = ClientSettings(max_attempts=2, connect_timeout=1.0, read_timeout=1.5)


def build_dependencies(environ: Mapping[str, str]) -> Dependencies:
    """Clients and settings from TOPIC_ARN, DLQ_URL, SIGNING_SECRET_ARN, METRICS_NAMESPACE, ENVIRONMENT."""
    secrets = boto3.client("secretsmanager", config=SECRET.config())
    publisher = EventPublisher(
        sns=boto3.client("sns", config=PUBLISH.config()),
        sqs=boto3.client("sqs", config=DEAD_LETTER.config()),
        topic_arn=environ["TOPIC_ARN"],
        dlq_url=environ["DLQ_URL"],
    )
    return Dependencies(
        secret=CachedSecret(secrets_manager_fetcher(secrets, environ["SIGNING_SECRET_ARN"])).get,
        publisher=publisher,
        metrics=Metrics(namespace=environ["METRICS_NAMESPACE"], environment=environ["ENVIRONMENT"]),
        logger=Logger(service=SERVICE),
    )
