"""Counterexamples (GT-08): the real app with ONE property of ONE resource changed at the L1 level.

Each `Counterexample` names the claim it breaks, the environment to build (`build_app(
environments=(env,))` builds that environment's stacks of both systems), the construct path of
the CfnResource and the change. `gated()` builds the copy in record mode, applies the change,
synthesizes it and runs the real gate (`python -m tools.gate --app DIR`) over the assembly.

The claims' tests ran against the real app, not against a mutated template, so the gate is given
a JUnit file in which every test verifier passed (`stand_in_junit`): the only thing left that
can fail the gate is the changed resource, which is what a counterexample must show.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from contextlib import redirect_stderr
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aws_cdk import CfnResource, Stack

from policies.registry import claims
from tools.gate import fingerprint

FAIL_LINE = re.compile(
    r"^FAIL (?P<claims>\S+) (?P<rule>\S+) (?P<where>\S+) \((?P<path>[^)]*)\): (?P<message>.*)$"
)


@dataclass(frozen=True, kw_only=True)
class Counterexample:
    claim: str
    environment: str  # "dev", "prod", or "dev+prod" when the claim compares environments
    path: str  # construct path of the CfnResource to change
    change: str  # what an auditor reads: "RetentionInDays 30 -> 7"
    override: tuple[tuple[str, Any], ...] = ()  # (property path, new value)
    delete: tuple[str, ...] = ()  # property paths removed
    # when the change needs the current value; it may return the resource it added, the one to blame
    mutate: Callable[[CfnResource], CfnResource | None] | None = None

    @property
    def id(self) -> str:
        return f"{self.claim}-{self.path.split('/', 1)[1].replace('/Resource', '')}"

    def apply(self, resource: CfnResource) -> CfnResource:
        """Change `resource`; the resource the gate must name (an added one, if the change adds one)."""
        for key, value in self.override:
            resource.add_property_override(key, value)
        for key in self.delete:
            resource.add_property_deletion_override(key)
        added = self.mutate(resource) if self.mutate is not None else None
        return added or resource


@dataclass(frozen=True)
class Failure:
    claims: tuple[str, ...]
    rule: str
    where: str  # stack/logical id
    path: str


@dataclass(frozen=True)
class Gated:
    status: int
    failures: tuple[Failure, ...]
    resource: str  # stack/logical id of the changed resource
    output: str

    def naming(self, claim: str) -> list[Failure]:
        """The gate's FAIL lines that name both the claim and the changed resource."""
        return [f for f in self.failures if claim in f.claims and f.where == self.resource]

    def assert_rejected(self, claim: str) -> None:
        """The gate failed, a FAIL line names the claim and the changed resource, and nothing outside
        the changed resource's stack failed (inside it, MW-05 by use may also name the role whose
        use moved)."""
        assert self.status == 1, self.output
        assert self.naming(claim), self.output
        stack = self.resource.split("/")[0]
        assert {f.where.split("/")[0] for f in self.failures} == {stack}, self.output


def stand_in_junit(folder: Path) -> Path:
    """A JUnit XML in which one case of every test verifier passed, stamped for these sources."""
    suite = ET.Element("testsuite", name="claims")
    for verifier in sorted({v for c in claims() for v in c.verifiers if v.startswith("test:")}):
        file = verifier.removeprefix("test:").split("::")[0]
        classname = file.removesuffix(".py").replace("/", ".")
        ET.SubElement(suite, "testcase", classname=classname, name="stand_in")
    junit = folder / "pytest.xml"
    root = ET.Element("testsuites")
    root.append(suite)
    ET.ElementTree(root).write(junit, encoding="utf-8", xml_declaration=True)
    fingerprint.sidecar(junit).write_text(fingerprint.compute() + "\n")
    return junit


def gated(case: Counterexample, folder: Path, junit: Path) -> Gated:
    from app import build_app, synth_keeping_findings
    from stacks.acknowledgments import recorded
    from tools.gate.__main__ import main

    with recorded():
        app = build_app(outdir=str(folder / "cdk.out"), environments=tuple(case.environment.split("+")))
    found = case.apply(_resource(app, case.path))
    synth_keeping_findings(app)
    stack = Stack.of(found)
    where = f"{stack.stack_name}/{stack.get_logical_id(found)}"
    fingerprint.sidecar(junit).write_text(fingerprint.compute() + "\n")  # the sources as they are now
    stream = io.StringIO()
    with redirect_stderr(stream):
        status = main(
            ["--app", str(folder / "cdk.out"), "--out", str(folder / "reports"), "--junit", str(junit)]
        )
    output = stream.getvalue()
    failures = tuple(
        Failure(claims=tuple(m["claims"].split(",")), rule=m["rule"], where=m["where"], path=m["path"])
        for m in map(FAIL_LINE.match, output.splitlines())
        if m
    )
    return Gated(status=status, failures=failures, resource=where, output=output)


def _resource(app: Any, path: str) -> CfnResource:
    node = app
    for part in path.split("/"):
        # a child named "<id> <generated suffix>" (e.g. "from WebAppdev...:5433") is found by "<id>"
        named = [c for c in node.node.children if c.node.id == part or c.node.id.startswith(part + " ")]
        if len(named) != 1:
            raise LookupError(f"{path}: {len(named)} children of {node.node.path!r} are named {part!r}")
        node = named[0]
    if not isinstance(node, CfnResource):
        raise TypeError(f"{path} is a {type(node).__name__}, not a CfnResource")
    return node
