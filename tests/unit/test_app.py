"""The app's entry points: `python app.py` (what cdk.json runs) and configuration errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STACKS = {"Webhook-dev", "WebApp-dev", "WebAppEdge-dev", "Webhook-prod", "WebApp-prod", "WebAppEdge-prod"}


def test_python_app_py_synthesizes_both_environments_with_acknowledgments_applied(tmp_path: Path) -> None:
    # GIVEN the app as the CDK CLI runs it (acknowledgments applied, packs registered)
    env = {**os.environ, "CDK_OUTDIR": str(tmp_path), "FINTECH_ACKNOWLEDGMENTS": ""}
    # WHEN it synthesizes
    done = subprocess.run(
        [sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    # THEN no unacknowledged cdk-nag error stops it and every stack's template is written
    assert done.returncode == 0, done.stderr[-2000:]
    written = {p.name.removesuffix(".template.json") for p in tmp_path.glob("*.template.json")}
    assert written == STACKS
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert set(manifest["artifacts"]) >= STACKS


def test_the_app_refuses_an_unknown_environment_with_one_line() -> None:
    from app import build_app
    from stacks.config import ConfigError

    with pytest.raises(ConfigError, match="unknown environment 'staging'"):
        build_app(environments=("staging",))


def test_cdk_json_runs_app_py() -> None:
    assert json.loads((ROOT / "cdk.json").read_text())["app"].endswith("app.py")
