"""The function's DynamoDB client and settings, built once per cold start from its environment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import boto3

from audit_logger.service import Dependencies
from fintech_common.aws import ClientSettings
from fintech_common.emf import Metrics
from fintech_common.log import Logger

SERVICE: Final = "audit_logger"
DYNAMODB: Final = ClientSettings(max_attempts=4, connect_timeout=2.0, read_timeout=5.0)


def build_dependencies(environ: Mapping[str, str]) -> Dependencies:
    """Client and settings from AUDIT_TABLE, METRICS_NAMESPACE, ENVIRONMENT."""
    return Dependencies(
        dynamodb=boto3.client("dynamodb", config=DYNAMODB.config()),
        table=environ["AUDIT_TABLE"],
        metrics=Metrics(namespace=environ["METRICS_NAMESPACE"], environment=environ["ENVIRONMENT"]),
        logger=Logger(service=SERVICE),
    )
