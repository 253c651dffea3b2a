"""MW-05 in the reports: the least-privilege section of index.html and its part of compliance.json."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from html import escape
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.gate_report_example import INJECTED, example_result
from tools.gate.model import FunctionPrivileges, PrivilegeEntry
from tools.gate.reports.html import render
from tools.gate.reports.least_privilege import ANCHOR, section

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "compliance.schema.json").read_text(encoding="utf-8")
)
LOGS = PrivilegeEntry(
    action="logs:PutLogEvents",
    resource="ProcessorLogs",
    policy="ProcessorPolicy",
    policy_path="Webhook-dev/TransactionProcessor/Policy/Resource",
    note="every function: Lambda sends its output to its log group",
)
PASSING = FunctionPrivileges(
    stack="Webhook-dev",
    logical_id="ProcessorFunction",
    path="Webhook-dev/TransactionProcessor/Function/Resource",
    handler="transaction_processor.handler.lambda_handler",
    role="ProcessorRole",
    policies=("ProcessorPolicy",),
    observation="observed",
    granted=("dynamodb:PutItem", "logs:PutLogEvents"),
    used=("dynamodb:PutItem",),
    implicit=(LOGS,),
    unused=(),
    missing=(),
    flagged=(),
)
FAILING = replace(
    PASSING,
    granted=(*PASSING.granted, "dynamodb:DeleteItem"),
    unused=(
        PrivilegeEntry(
            action="dynamodb:DeleteItem",
            resource=f"Transactions{INJECTED}",
            policy="ProcessorPolicy",
            policy_path="Webhook-dev/TransactionProcessor/Policy/Resource",
            note="granted, but neither called by the function nor used by AWS on its behalf",
        ),
    ),
)


def test_each_function_is_a_row_with_its_verdict() -> None:
    html = section((PASSING, FAILING))
    assert html.count("<tr") == 3  # the header and one row per function
    assert '<span class="badge pass">PASS</span>' in html
    assert '<tr class="fail">' in html


def test_an_unused_grant_names_action_resource_and_policy_escaped() -> None:
    html = section((FAILING,))
    assert "<b>unused</b> <code>dynamodb:DeleteItem</code>" in html
    assert f"<code>{escape(f'Transactions{INJECTED}')}</code>" in html
    assert "by <code>ProcessorPolicy</code>" in html
    assert INJECTED not in html


def test_implicit_grants_carry_their_reason() -> None:
    assert escape(LOGS.note) in section((PASSING,))


def test_without_a_comparison_the_section_says_so() -> None:
    assert "Not compared in this run" in section(())


def test_the_page_links_the_section_from_its_navigation() -> None:
    page = render(replace(example_result(), least_privilege=(PASSING,)))
    assert f'<a href="#{ANCHOR}">' in page
    assert f'<h2 id="{ANCHOR}">' in page


@pytest.mark.parametrize(
    ("definition", "model"),
    [("function_privileges", FunctionPrivileges), ("privilege_entry", PrivilegeEntry)],
)
def test_the_schema_describes_exactly_the_records_fields(definition: str, model: type) -> None:
    node = SCHEMA["$defs"][definition]
    assert set(node["properties"]) == set(node["required"]) == {f.name for f in fields(model)}
    assert node["additionalProperties"] is False


def test_a_result_with_the_comparison_validates_against_the_schema() -> None:
    document: dict[str, Any] = json.loads(
        json.dumps(replace(example_result(), least_privilege=(PASSING, FAILING)).to_json())
    )
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(document)] == []
    assert document["least_privilege"][1]["unused"][0]["action"] == "dynamodb:DeleteItem"
