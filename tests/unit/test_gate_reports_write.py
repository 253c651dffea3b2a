"""write_reports(): every report file written into the folder, raw tool outputs copied under raw/."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.gate_report_example import example_result
from tools.gate.model import GateResult
from tools.gate.reports import write_reports


@pytest.fixture
def raw(tmp_path: Path) -> dict[str, Path]:
    outputs = tmp_path / "tool-outputs"
    (outputs / "cfn-lint").mkdir(parents=True)
    (outputs / "checkov.json").write_text('{"results": {"failed_checks": []}}', encoding="utf-8")
    (outputs / "cfn-lint" / "Webhook-dev.json").write_text("[]", encoding="utf-8")
    return {"checkov.json": outputs / "checkov.json", "cfn-lint": outputs / "cfn-lint"}


def test_writes_every_report_and_returns_them_by_name(tmp_path: Path, raw: dict[str, Path]) -> None:
    out = tmp_path / "reports"

    written = write_reports(example_result(), out, raw)

    assert sorted(written) == [
        "compliance.json",
        "compliance.schema.json",
        "index.html",
        "junit.xml",
        "raw/cfn-lint",
        "raw/checkov.json",
        "results.sarif",
    ]
    assert all(path.exists() and path.is_relative_to(out) for path in written.values())


def test_every_machine_readable_report_parses(tmp_path: Path) -> None:
    written = write_reports(example_result(), tmp_path)

    assert json.loads(written["compliance.json"].read_text(encoding="utf-8"))["verdict"] == "fail"
    assert json.loads(written["results.sarif"].read_text(encoding="utf-8"))["version"] == "2.1.0"
    junit = ET.parse(written["junit.xml"])  # noqa: S314 - the writer's own output, not untrusted input
    assert junit.getroot().tag == "testsuites"


def test_copies_raw_outputs_files_and_folders_unchanged(tmp_path: Path, raw: dict[str, Path]) -> None:
    written = write_reports(example_result(), tmp_path / "reports", raw)

    assert written["raw/checkov.json"].read_bytes() == raw["checkov.json"].read_bytes()
    assert (written["raw/cfn-lint"] / "Webhook-dev.json").read_text(encoding="utf-8") == "[]"


def test_raw_folder_never_mixes_two_runs(tmp_path: Path, raw: dict[str, Path]) -> None:
    out = tmp_path / "reports"
    write_reports(example_result(), out, raw)

    write_reports(example_result(), out, {"checkov.json": raw["checkov.json"]})

    assert sorted(p.name for p in (out / "raw").iterdir()) == ["checkov.json"]


@pytest.mark.parametrize("name", ["../escape.json", "sub/dir.json", "", ".."])
def test_refuses_a_raw_output_name_that_is_not_a_plain_file_name(
    tmp_path: Path, raw: dict[str, Path], name: str
) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        write_reports(example_result(), tmp_path, {name: raw["checkov.json"]})


def test_the_page_links_the_files_written_beside_it(tmp_path: Path, raw: dict[str, Path]) -> None:
    written = write_reports(example_result(), tmp_path, raw)

    page = written["index.html"].read_text(encoding="utf-8")
    for name in ("compliance.json", "results.sarif", "junit.xml", "raw/checkov.json", "raw/cfn-lint"):
        assert f'<a href="{name}">' in page


def test_sarif_names_templates_in_the_given_assembly_folder(tmp_path: Path) -> None:
    written = write_reports(example_result(), tmp_path, assembly_dir="build/assembly")

    log = json.loads(written["results.sarif"].read_text(encoding="utf-8"))
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for run in log["runs"]
        for result in run["results"]
        for location in result.get("locations", [])
        if "physicalLocation" in location
    }
    assert uris == {"build/assembly/Webhook-dev.template.json", "build/assembly/WebApp-dev.template.json"}


def test_an_empty_result_still_writes_every_report(tmp_path: Path) -> None:
    # GIVEN a run that stopped before any stage produced anything
    empty = GateResult(
        commit="unknown",
        started_at="2026-11-23T10:15:02+00:00",
        duration_seconds=0.2,
        tool_versions={},
        stacks=(),
        claims=(),
        findings=(),
        acknowledgments=(),
        template_hashes={},
    )

    written = write_reports(empty, tmp_path)

    assert "Traceability matrix (0 claims, 0 failing)" in written["index.html"].read_text(encoding="utf-8")
    assert json.loads(written["results.sarif"].read_text(encoding="utf-8"))["runs"] == []
