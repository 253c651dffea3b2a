"""Drives one pipeline end to end: webhooks in, queues pumped, tables and queues read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.event_source import DrainReport, drain
from tests.e2e.functions import REGION, Function, bind
from tests.e2e.pipeline import Aws, Pipeline, Queue, create_pipeline, queue_depth, scan
from tests.e2e.topology import Subscription
from tests.e2e.webhooks import Delivery

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Answer:
    delivery: Delivery
    status: int
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Driver:
    aws: Aws
    pipeline: Pipeline
    functions: dict[str, Function]
    endpoint_url: str

    def send(self, delivery: Delivery) -> Answer:
        response = self.functions["webhook_handler"](delivery.proxy_event())
        return Answer(
            delivery=delivery,
            status=response["statusCode"],
            headers=response.get("headers", {}),
            body=json.loads(response["body"]),
        )

    def send_all(self, deliveries: list[Delivery]) -> list[Answer]:
        return [self.send(delivery) for delivery in deliveries]

    def pump(self, consumer: str) -> DrainReport:
        """Everything in `consumer`'s queue through its function, as its event source mapping would."""
        queues = self.pipeline.consumers[consumer]
        return drain(
            self.aws.sqs,
            queue_url=queues.queue.url,
            queue_arn=queues.queue.arn,
            handler=self.functions[consumer],
        )

    def pump_all(self) -> dict[str, DrainReport]:
        return {consumer: self.pump(consumer) for consumer in self.pipeline.consumers}

    def transactions(self) -> list[dict[str, Any]]:
        return scan(self.aws, self.pipeline.transactions_table)

    def audit_entries(self) -> list[dict[str, Any]]:
        return scan(self.aws, self.pipeline.audit_table)

    def queues(self) -> dict[str, Queue]:
        """Every queue of the pipeline by a readable name."""
        named = {"webhook_handler DLQ": self.pipeline.handler_dlq}
        for consumer, queues in self.pipeline.consumers.items():
            named[f"{consumer} queue"] = queues.queue
            named[f"{consumer} DLQ"] = queues.dead_letter_queue
        return named

    def depths(self) -> dict[str, int]:
        return {name: queue_depth(self.aws, queue) for name, queue in self.queues().items()}

    def dead_letters(self, queue: Queue) -> list[dict[str, Any]]:
        """The messages in a DLQ, read without consuming them (made visible again at once)."""
        messages = self.aws.sqs.receive_message(
            QueueUrl=queue.url, MaxNumberOfMessages=10, MessageAttributeNames=["All"], VisibilityTimeout=0
        ).get("Messages", [])
        return list(messages)

    def replay(self, dlq: Queue, to: str) -> subprocess.CompletedProcess[str]:
        """`python -m tools.replay_dlq --dlq <dlq> --to <to>` against moto, as an operator runs it."""
        environment = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": REGION,
        }
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "tools.replay_dlq",
                "--dlq",
                dlq.url,
                "--to",
                to,
                "--region",
                REGION,
                "--endpoint-url",
                self.endpoint_url,
                "--wait-seconds",
                "0",
            ],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


def new_driver(
    aws: Aws, subscriptions: list[Subscription], endpoint_url: str, monkeypatch: pytest.MonkeyPatch
) -> Driver:
    """A fresh pipeline in moto and the three handlers cold-started against it."""
    pipeline = create_pipeline(aws, subscriptions)
    functions = bind(pipeline, endpoint_url=endpoint_url, monkeypatch=monkeypatch)
    return Driver(aws=aws, pipeline=pipeline, functions=functions, endpoint_url=endpoint_url)


def count_by(items: list[dict[str, Any]], key: str) -> Counter[str]:
    return Counter(str(item[key]) for item in items)
