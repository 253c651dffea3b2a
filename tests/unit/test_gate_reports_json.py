"""compliance.json: the result as is, valid against the documented schema, which tracks the model."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.gate_report_example import example_result
from tools.gate.model import (
    AcknowledgmentResult,
    ClaimResult,
    Evaluation,
    Finding,
    GateResult,
    VerifierResult,
)
from tools.gate.reports import json_report

SCHEMA_FILE = Path(__file__).parents[2] / "docs" / "compliance.schema.json"
# Keys to_json() adds beyond the dataclass fields.
ADDED = {"$": {"schema_version", "verdict"}, "claim": {"result"}}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return json_report.write(example_result(), tmp_path_factory.mktemp("reports"))


def document_of(result: GateResult) -> dict[str, Any]:
    """`to_json()` as a JSON reader sees it (tuples become arrays)."""
    document: dict[str, Any] = json.loads(json.dumps(result.to_json()))
    return document


def errors(schema: dict[str, Any], document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(document)]


def test_the_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_written_document_is_the_results_json(written: dict[str, Path]) -> None:
    assert json.loads(written["compliance.json"].read_text(encoding="utf-8")) == document_of(example_result())


def test_the_written_document_validates_against_the_schema(
    schema: dict[str, Any], written: dict[str, Path]
) -> None:
    document = json.loads(written["compliance.json"].read_text(encoding="utf-8"))

    assert errors(schema, document) == []


def test_the_schema_is_copied_next_to_the_document(written: dict[str, Path]) -> None:
    assert written["compliance.schema.json"].read_bytes() == SCHEMA_FILE.read_bytes()


@pytest.mark.parametrize(
    ("definition", "model"),
    [
        ("$", GateResult),
        ("claim", ClaimResult),
        ("verifier", VerifierResult),
        ("evaluation", Evaluation),
        ("finding", Finding),
        ("acknowledgment", AcknowledgmentResult),
    ],
)
def test_the_schema_describes_exactly_the_models_fields(
    schema: dict[str, Any], definition: str, model: type
) -> None:
    node = schema if definition == "$" else schema["$defs"][definition]
    expected = {f.name for f in fields(model)} | ADDED.get(definition, set())

    assert set(node["properties"]) == expected
    assert set(node["required"]) == expected
    assert node["additionalProperties"] is False


def test_the_schema_rejects_a_document_without_a_verdict(schema: dict[str, Any]) -> None:
    document = document_of(example_result())
    del document["verdict"]

    assert errors(schema, document) == ["'verdict' is a required property"]


def test_the_schema_rejects_an_acknowledged_evaluation_without_a_reason(schema: dict[str, Any]) -> None:
    document = document_of(example_result())
    evaluation = document["claims"][1]["verifiers"][0]["evaluations"][0]
    assert evaluation["result"] == "acknowledged"
    evaluation["acknowledgment"] = ""

    assert errors(schema, document) == ["'' should be non-empty"]


def test_the_schema_rejects_a_malformed_template_hash(schema: dict[str, Any]) -> None:
    document = document_of(example_result())
    document["template_hashes"]["Webhook-dev.template.json"] = "not-a-sha256"

    assert errors(schema, document) == ["'not-a-sha256' does not match '^[0-9a-f]{64}$'"]
