"""What the request path costs in AWS calls, counted on the handlers' own clients (WH-15, WH-12).

Every API call and every HTTP attempt of the three functions' clients goes through a botocore
event hook (`Wiretap`). Once the signing secret is cached, an accepted webhook costs exactly one
call, the SNS Publish; no function ever calls CloudWatch PutMetricData: counts are embedded
metric format lines on stdout.
"""

from __future__ import annotations

import ast
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from policies.constants import METRICS_NAMESPACE
from tests.e2e.driver import Driver
from tests.e2e.functions import FUNCTIONS
from tests.e2e.webhooks import WorkloadBuilder, workload

pytestmark = pytest.mark.e2e

LAMBDAS = Path(__file__).resolve().parents[2] / "lambdas"
WARM_WEBHOOKS = 50
PUT_METRIC_DATA = re.compile(r"put_?metric_?data", re.IGNORECASE)
EXPECTED_METRICS = {
    "webhook_handler": {"WebhooksAccepted", "WebhooksRefused"},
    "transaction_processor": {"TransactionsProcessed", "TransactionsFailed"},
    "audit_logger": {"AuditEntriesWritten", "AuditWritesFailed"},
}


def builder(driver: Driver, seed: int = 7) -> WorkloadBuilder:
    return WorkloadBuilder(
        secret=driver.pipeline.secret, now=int(time.time()), prefix=f"tx_hot{seed}", seed=seed
    )


def test_the_first_webhook_after_a_cold_start_reads_the_secret_then_publishes(driver: Driver) -> None:
    webhooks = builder(driver)
    answer = driver.send(webhooks.valid(webhooks.fields()))
    assert answer.status == 202
    assert [(call.service, call.operation) for call in driver.functions["webhook_handler"].wiretap.calls] == [
        ("secretsmanager", "GetSecretValue"),
        ("sns", "Publish"),
    ]


def test_once_the_secret_is_cached_an_accepted_webhook_costs_exactly_one_publish(driver: Driver) -> None:
    # GIVEN a warm function: the secret was read for an earlier webhook
    webhooks = builder(driver)
    assert driver.send(webhooks.valid(webhooks.fields())).status == 202
    wiretap = driver.functions["webhook_handler"].wiretap
    wiretap.clear()
    # WHEN more webhooks are accepted
    answers = driver.send_all([webhooks.valid(webhooks.fields()) for _ in range(WARM_WEBHOOKS)])
    # THEN each cost one API call, one HTTP request: the SNS Publish
    assert [answer.status for answer in answers] == [202] * WARM_WEBHOOKS
    assert [(call.service, call.operation) for call in wiretap.calls] == [("sns", "Publish")] * WARM_WEBHOOKS
    assert len(wiretap.attempts) == WARM_WEBHOOKS


def test_a_refused_webhook_costs_no_aws_call_once_the_secret_is_cached(driver: Driver) -> None:
    webhooks = builder(driver)
    assert driver.send(webhooks.valid(webhooks.fields())).status == 202
    wiretap = driver.functions["webhook_handler"].wiretap
    wiretap.clear()
    answers = driver.send_all(webhooks.refusals())
    assert all(400 <= answer.status < 500 for answer in answers)
    assert wiretap.calls == []


def test_each_function_creates_only_the_clients_it_needs(driver: Driver) -> None:
    created = {name: sorted(function.wiretap.clients) for name, function in driver.functions.items()}
    assert created == {
        "webhook_handler": ["secrets-manager", "sns", "sqs"],
        "transaction_processor": ["dynamodb"],
        "audit_logger": ["dynamodb"],
    }


def test_no_function_calls_put_metric_data_on_a_full_run(driver: Driver) -> None:
    # GIVEN a mixed workload driven through all three functions
    driver.send_all(
        workload(secret=driver.pipeline.secret, now=int(time.time()), prefix="tx_emf", seed=3, valid=30)
    )
    driver.pump_all()
    # THEN no function made any CloudWatch call, nor created a CloudWatch client
    for name, function in driver.functions.items():
        assert function.wiretap.calls, f"{name} made no call at all: the wiretap is not attached"
        assert not [call for call in function.wiretap.calls if call.service == "cloudwatch"], name
        assert "cloudwatch" not in function.wiretap.clients, name


def code_references(source: str) -> set[str]:
    """Every name, attribute and string constant of a module, docstrings excepted."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found.add(node.value)
    return found


def test_no_handler_code_calls_put_metric_data_or_creates_a_cloudwatch_client() -> None:
    sources = sorted(LAMBDAS.rglob("*.py"))
    assert len(sources) > 10
    offenders = {
        str(path.relative_to(LAMBDAS)): sorted(
            reference
            for reference in code_references(path.read_text())
            if PUT_METRIC_DATA.search(reference) or reference.lower() == "cloudwatch"
        )
        for path in sources
    }
    assert {path: found for path, found in offenders.items() if found} == {}


def test_counts_are_embedded_metric_lines_in_one_namespace(
    driver: Driver, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a mixed workload driven through all three functions
    deliveries = workload(
        secret=driver.pipeline.secret, now=int(time.time()), prefix="tx_emf", seed=5, valid=30
    )
    answers = driver.send_all(deliveries)
    driver.pump_all()
    # WHEN the functions' stdout is read as CloudWatch Logs would
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    documents = [line for line in lines if "_aws" in line]
    # THEN every metric is in the one namespace, and the webhook counts add up to the answers
    directives = [directive for document in documents for directive in document["_aws"]["CloudWatchMetrics"]]
    assert {directive["Namespace"] for directive in directives} == {METRICS_NAMESPACE}
    names = {metric["Name"] for directive in directives for metric in directive["Metrics"]}
    assert names == set().union(*(EXPECTED_METRICS[name] for name in FUNCTIONS))
    totals: Counter[str] = Counter()
    for document in documents:
        totals.update({name: document[name] for name in names if name in document})
    statuses = Counter(answer.status for answer in answers)
    assert (totals["WebhooksAccepted"], totals["WebhooksRefused"]) == (
        statuses[202],
        len(answers) - statuses[202],
    )
