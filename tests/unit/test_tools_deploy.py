"""GT-10: deploy only the assembly the gate passed, byte for byte, with the pinned CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tools import deploy
from tools.gate import manifest


@pytest.fixture
def sealed(tmp_path: Path) -> Path:
    """GIVEN an assembly (a template, an asset) that the gate passed."""
    assembly = tmp_path / "cdk.out"
    (assembly / "asset.abc123").mkdir(parents=True)
    (assembly / "Webhook-dev.template.json").write_text(json.dumps({"Resources": {}}))
    (assembly / "asset.abc123" / "handler.py").write_text("def lambda_handler(event, context): ...\n")
    (assembly / "manifest.json").write_text("{}")
    manifest.write(assembly, verdict="pass", commit="0" * 40)
    return assembly


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = deploy.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_an_untouched_sealed_assembly_is_deployed_with_the_pinned_cli(sealed: Path) -> None:
    code, out, err = run("--assembly", str(sealed), "--dry-run")
    assert (code, err) == (0, "")
    assert f"running: npx --no-install cdk deploy --app {sealed} --all --require-approval broadening" in out


def test_named_stacks_and_extra_cli_arguments_are_passed_through(sealed: Path) -> None:
    command = deploy.deploy_command(sealed, ["Webhook-prod"], ["--profile", "prod"])
    assert command == [
        "npx", "--no-install", "cdk", "deploy", "--app", str(sealed), "Webhook-prod",
        "--require-approval", "broadening", "--profile", "prod",
    ]  # fmt: skip


def test_a_template_edited_after_the_gate_is_refused(sealed: Path) -> None:
    # WHEN someone edits a template after the gate passed it
    template = sealed / "Webhook-dev.template.json"
    template.write_text(json.dumps({"Resources": {"Open": {"Type": "AWS::S3::Bucket"}}}))
    # THEN the deploy refuses, naming the file, and runs nothing
    code, out, err = run("--assembly", str(sealed), "--dry-run")
    assert code == 1
    assert out == ""
    assert "changed after the gate: Webhook-dev.template.json" in err


def test_an_asset_changed_after_the_gate_is_refused(sealed: Path) -> None:
    (sealed / "asset.abc123" / "handler.py").write_text("import os\n")
    code, _, err = run("--assembly", str(sealed))
    assert code == 1
    assert "changed after the gate: asset.abc123/handler.py" in err


def test_a_file_added_after_the_gate_is_refused(sealed: Path) -> None:
    (sealed / "Extra.template.json").write_text("{}")
    code, _, err = run("--assembly", str(sealed))
    assert code == 1
    assert "added after the gate: Extra.template.json" in err


def test_an_assembly_the_gate_never_sealed_is_refused(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{}")
    code, _, err = run("--assembly", str(tmp_path))
    assert code == 1
    assert "the gate has not passed on this assembly" in err


def test_an_assembly_the_gate_failed_is_refused(sealed: Path) -> None:
    manifest.write(sealed, verdict="fail", commit="0" * 40)
    code, _, err = run("--assembly", str(sealed))
    assert code == 1
    assert "verdict on this assembly was 'fail'" in err


def test_a_missing_assembly_is_a_one_line_refusal(tmp_path: Path) -> None:
    code, _, err = run("--assembly", str(tmp_path / "nowhere"))
    assert code == 1
    assert err.count("\n") == 1
