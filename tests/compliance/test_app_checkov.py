"""The synthesized app against Checkov (built-in and custom checks), as the gate will run it.

The session `assembly` is synthesized with acknowledgments in record mode, so no `checkov.skip`
metadata is written and Checkov reports every failure. Each failure must be covered by an
acknowledgment on its construct, and each Checkov acknowledgment must cover a failure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policies.registry import BUILT_IN_CHECKS
from stacks.acknowledgments import AcknowledgmentRecord, acknowledgments_in
from tests.compliance.checkov.scan import worker
from tools.checkov_env import ensure
from tools.gate.acknowledgments import covering, stale_records


@pytest.fixture(scope="module")
def results(assembly: Any, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """Every Checkov result row (passed and failed) over the app's templates."""
    output = tmp_path_factory.mktemp("app-checkov") / "results.json"
    templates = sorted(str(p) for p in Path(assembly.outdir).glob("*.template.json"))
    run = worker(ensure(), "--once", str(output), *templates)
    assert run.returncode == 0, run.stderr
    rows: list[dict[str, Any]] = json.loads(output.read_text())["results"]
    return rows


@pytest.fixture(scope="module")
def failures(assembly: Any, results: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(check id, stack/logical id, construct path) of every failed Checkov check."""
    found = []
    for result in results:
        if result["result"] != "FAILED":
            continue
        stack = Path(result["template"]).name.removesuffix(".template.json")
        resource = assembly.templates[stack]["Resources"][result["logical_id"]]
        path = resource.get("Metadata", {}).get("aws:cdk:path", "")
        found.append((result["check_id"], f"{stack}/{result['logical_id']}", path))
    return found


@pytest.fixture(scope="module")
def checkov_acknowledgments(assembly: Any) -> list[AcknowledgmentRecord]:
    return [r for r in acknowledgments_in(assembly.app) if r.tool == "checkov"]


def test_every_checkov_failure_in_the_app_is_acknowledged(
    failures: list[tuple[str, str, str]], checkov_acknowledgments: list[AcknowledgmentRecord]
) -> None:
    open_failures = [
        f"{check} {resource} ({path})"
        for check, resource, path in failures
        if covering(checkov_acknowledgments, check, path) is None
    ]
    assert open_failures == []


def test_every_checkov_acknowledgment_covers_a_failure(
    failures: list[tuple[str, str, str]], checkov_acknowledgments: list[AcknowledgmentRecord]
) -> None:
    covered = [(check, path) for check, _, path in failures]
    stale = [f"{r.finding} on {r.path}" for r in stale_records(checkov_acknowledgments, covered)]
    assert stale == []


def test_every_built_in_check_the_registry_cites_evaluates_a_resource_of_the_app(
    results: list[dict[str, Any]],
) -> None:
    evaluated = {result["check_id"] for result in results}
    cited = {check for checks in BUILT_IN_CHECKS.values() for check in checks}
    assert sorted(cited - evaluated) == []
