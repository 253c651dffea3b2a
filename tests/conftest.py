"""Shared fixtures: the whole app is synthesized once per test session.

`assembly` holds every stack's template and the cdk-nag violations of that one synthesis. It
synthesizes with acknowledgments in record mode (stacks/acknowledgments.py): cdk-nag reports
every finding, and the fixture splits them into `violations` (no acknowledgment covers them),
`acknowledged` and `stale_acknowledgments` (cover no finding). A cdk-nag error does not stop the
templates being written, so a finding in one stack fails that stack's nag test, not every test.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tools.gate.acknowledgments import split_by_acknowledgment

# MW-05: the e2e run's recorded AWS calls must match policies/observed_calls.json (controller + workers).
pytest_plugins = ("tests.e2e.inventory",)

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")

# Profiles: the default run keeps a few hundred examples per property; `fuzz` is the long run
# (HYPOTHESIS_PROFILE=fuzz, see tox -e fuzz).
settings.register_profile(
    "default", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fuzz", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

EVENTS_DIR = Path(__file__).parent / "events"


def load_event(name: str) -> Any:
    """A canonical event from tests/events/<name>.json."""
    return json.loads((EVENTS_DIR / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Assembly:
    outdir: Path
    templates: dict[str, dict[str, Any]]
    violations: list[dict[str, Any]] = field(default_factory=list)
    acknowledged: list[tuple[str, str, Any]] = field(default_factory=list)  # (rule, path, record)
    stale_acknowledgments: list[Any] = field(default_factory=list)
    app: Any = None

    def template(self, stack: str) -> dict[str, Any]:
        return self.templates[stack]

    def resources(self, stack: str, resource_type: str) -> dict[str, dict[str, Any]]:
        return {
            logical_id: resource
            for logical_id, resource in self.templates[stack].get("Resources", {}).items()
            if resource["Type"] == resource_type
        }

    def violations_under(self, path_prefix: str) -> list[str]:
        """One line per unacknowledged cdk-nag violation on a construct under `path_prefix`."""
        lines = []
        for violation in self.violations:
            for construct in violation["violatingConstructs"]:
                if construct["constructPath"].startswith(path_prefix):
                    lines.append(
                        f"{violation['ruleName']} {construct['constructPath']}: {violation['description']}"
                    )
        return lines


@pytest.fixture(scope="session")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assembly]:
    from app import build_app, synth_keeping_findings
    from stacks.acknowledgments import acknowledgments_in, recorded

    outdir = tmp_path_factory.mktemp("cdk.out")
    with recorded():
        app = build_app(outdir=str(outdir))
    synth_keeping_findings(app)
    report = outdir / "validation-report.json"
    raw: list[dict[str, Any]] = []
    if report.exists():
        for plugin in json.loads(report.read_text())["pluginReports"]:
            # Warnings too: any violation, whatever its severity, makes app.synth() raise.
            raw.extend(plugin["violations"])
    nag_records = [r for r in acknowledgments_in(app) if r.tool == "cdk-nag"]
    violations, acknowledged, stale = split_by_acknowledgment(raw, nag_records)
    templates = {
        path.name.removesuffix(".template.json"): json.loads(path.read_text())
        for path in outdir.glob("*.template.json")
    }
    yield Assembly(
        outdir=outdir,
        templates=templates,
        violations=violations,
        acknowledged=acknowledged,
        stale_acknowledgments=stale,
        app=app,
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Stamp the JUnit XML with the sources it tested, so the gate can trust it (tools/gate/fingerprint)."""
    xmlpath = getattr(session.config.option, "xmlpath", None)
    if xmlpath and not hasattr(session.config, "workerinput"):
        from tools.gate import fingerprint

        fingerprint.sidecar(Path(xmlpath)).write_text(fingerprint.compute() + "\n")
