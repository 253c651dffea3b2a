"""The gate's Checkov worker: serving mode, one-shot output and how it reports mistakes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.compliance.checkov.scan import FIXTURES, CheckovScan, worker

TEMPLATE = str(FIXTURES / "kms_key_rotation" / "fail.json")
RESULT_FIELDS = {
    "check_id",
    "check_name",
    "template",
    "logical_id",
    "resource_type",
    "result",
    "custom",
    "claims",
}


def test_serving_answers_every_request_in_order_and_exits_at_end_of_input(
    checkov_python: Path, tmp_path: Path
) -> None:
    # GIVEN a good request, a line that is not JSON and a request naming a missing template
    requests = [
        json.dumps({"templates": [TEMPLATE], "output": str(tmp_path / "good.json")}),
        "scan everything please",
        json.dumps({"templates": [str(tmp_path / "absent.json")], "output": str(tmp_path / "bad.json")}),
    ]
    # WHEN the worker serves them
    run = worker(checkov_python, stdin="\n".join(requests) + "\n")
    # THEN stdout holds one JSON reply per request, the bad ones refused, and the exit status says so
    replies = [json.loads(line) for line in run.stdout.splitlines()]
    assert [reply["ok"] for reply in replies] == [True, False, False]
    assert "not JSON" in replies[1]["error"]
    assert "template not found" in replies[2]["error"]
    assert run.returncode == 1


def test_serving_reply_counts_the_failures_written_to_the_output(
    checkov_python: Path, tmp_path: Path
) -> None:
    output = tmp_path / "scan.json"
    request = json.dumps({"templates": [TEMPLATE], "output": str(output)})

    reply = json.loads(worker(checkov_python, stdin=request + "\n").stdout)

    results = json.loads(output.read_text(encoding="utf-8"))["results"]
    assert reply["failed"] == sum(result["result"] == "FAILED" for result in results) > 0


def test_every_result_names_check_template_resource_and_outcome(checkov_scan: CheckovScan) -> None:
    incomplete = [result for result in checkov_scan.results if not set(result) >= RESULT_FIELDS]

    assert incomplete == []


def test_built_in_checks_are_reported_without_claims(checkov_scan: CheckovScan) -> None:
    # GIVEN Checkov's own KMS rotation check (CKV_AWS_7) on the rotation fixtures
    built_in = [result for result in checkov_scan.results if result["check_id"] == "CKV_AWS_7"]
    # THEN it ran, and is reported as built in, with no claim
    assert built_in
    assert {(result["custom"], tuple(result["claims"])) for result in built_in} == {(False, ())}


def test_custom_check_results_carry_their_claims(checkov_scan: CheckovScan) -> None:
    rotation = {
        tuple(r["claims"])
        for r in checkov_scan.results
        if r["check_id"] == checkov_scan.check_id("kms_key_rotation")
    }

    assert rotation == {("MW-03",)}


def test_one_shot_with_a_missing_template_fails_in_one_line(checkov_python: Path, tmp_path: Path) -> None:
    run = worker(checkov_python, "--once", str(tmp_path / "out.json"), str(tmp_path / "absent.json"))

    assert (run.returncode, run.stderr.count("\n"), "Traceback" in run.stderr) == (2, 1, False)
    assert "template not found" in run.stderr
    assert not (tmp_path / "out.json").exists()


def test_one_shot_without_templates_is_a_usage_error(checkov_python: Path, tmp_path: Path) -> None:
    run = worker(checkov_python, "--once", str(tmp_path / "out.json"))

    assert (run.returncode, run.stderr.count("\n")) == (2, 1)


PROBE = """
import socket

from checkov.common.models.enums import CheckCategories
from policies.checkov._cfn import ResourceCheck


class {name}(ResourceCheck):
    CLAIMS = ("MW-03",)

    def __init__(self):
        super().__init__(name="Ensure probe", id="{id}", categories=(CheckCategories.ENCRYPTION,),
                         supported_resources=("AWS::KMS::Key",))

    def scan_resource_conf(self, conf):
        {body}


check = {name}()
"""


def test_crashing_checks_and_network_attempts_are_reported_as_errors(
    checkov_python: Path, tmp_path: Path
) -> None:
    # GIVEN a checks folder with a check that raises and one that tries to reach the internet
    checks = tmp_path / "probes"
    checks.mkdir()
    (checks / "__init__.py").write_text("")
    (checks / "crashing_probe.py").write_text(
        PROBE.format(name="Crashing", id="CKV_PROBE_1", body="raise KeyError('x')")
    )
    (checks / "network_probe.py").write_text(
        PROBE.format(
            name="Calling", id="CKV_PROBE_2", body="socket.create_connection(('192.0.2.1', 443), timeout=5)"
        )
    )
    # WHEN the worker scans a template with them
    output = tmp_path / "out.json"
    run = worker(checkov_python, "--checks-dir", str(checks), "--once", str(output), TEMPLATE)
    # THEN both show up as errors, in the output and on stderr, and the exit status is 1
    errors = json.loads(output.read_text(encoding="utf-8"))["errors"]
    assert run.returncode == 1
    assert any("CKV_PROBE_1" in error for error in errors)
    assert any("network access refused" in error for error in errors)
    assert "Traceback" not in run.stderr
