"""What the pack collected from the construct tree, as plain values the rules evaluate.

The pack walks the tree once and records, per CloudFormation resource, only what some rule
declared it needs (`Needs`): its logical id, the resources some of its properties reference, the
source of its code asset. The stacks' outputs are read once per stack. Rules are then pure
functions of this `Inventory`: they never touch jsii, so they cost nothing per resource.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

_PSEUDO_PARAMETER = "AWS::"


@dataclass(frozen=True, kw_only=True)
class Needs:
    """The facts a rule reads, by CloudFormation resource type."""

    logical_ids: frozenset[str] = frozenset()
    references: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # type -> CFN properties
    code_assets: frozenset[str] = frozenset()
    outputs: bool = False

    def merge(self, other: Needs) -> Needs:
        references = {k: tuple(v) for k, v in self.references.items()}
        for resource_type, properties in other.references.items():
            known = references.get(resource_type, ())
            references[resource_type] = known + tuple(p for p in properties if p not in known)
        return Needs(
            logical_ids=self.logical_ids | other.logical_ids,
            references=references,
            code_assets=self.code_assets | other.code_assets,
            outputs=self.outputs or other.outputs,
        )


@dataclass(frozen=True, kw_only=True)
class Resource:
    """One CloudFormation resource of the construct tree."""

    stack: str  # the stack's construct id, the first segment of `path`
    path: str
    type: str
    logical_id: str = ""
    references: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # CFN property -> logical ids
    code_source: str | None = None  # absolute source path of the function's code asset

    def refers(self, prop: str) -> tuple[str, ...]:
        return self.references.get(prop, ())


@dataclass(frozen=True, kw_only=True)
class Output:
    """One `CfnOutput` declared at a stack's top level."""

    id: str  # its logical id: the construct id, without non-alphanumeric characters
    export_name: str
    references: tuple[str, ...]  # logical ids its value references


@dataclass(frozen=True, kw_only=True)
class Inventory:
    resources: tuple[Resource, ...]
    outputs: Mapping[str, tuple[Output, ...]]  # stack -> its outputs
    environments: Mapping[str, Any]  # environment name -> its configuration (stacks.config)

    def system_of(self, stack: str) -> tuple[str, str] | None:
        """(system, environment) of a stack named `<system>-<environment>`, else None."""
        system, _, environment = stack.rpartition("-")
        return (system, environment) if system and environment in self.environments else None

    def in_system(self, system: str) -> Iterator[Resource]:
        for resource in self.resources:
            found = self.system_of(resource.stack)
            if found is not None and found[0] == system:
                yield resource

    def by_logical_id(self, stack: str) -> dict[str, Resource]:
        return {r.logical_id: r for r in self.resources if r.stack == stack and r.logical_id}


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """One rule evaluated on one resource."""

    resource: Resource
    compliant: bool
    message: str


def referenced_logical_ids(value: Any) -> tuple[str, ...]:
    """Logical ids a resolved CloudFormation value names through `Ref` or `Fn::GetAtt`, in order."""
    found: list[str] = []
    _collect(value, found)
    return tuple(dict.fromkeys(found))


def _collect(value: Any, found: list[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect(item, found)
    elif isinstance(value, dict):
        ref = value.get("Ref")
        if isinstance(ref, str) and not ref.startswith(_PSEUDO_PARAMETER):
            found.append(ref)
        attribute = value.get("Fn::GetAtt")
        if isinstance(attribute, list) and attribute and isinstance(attribute[0], str):
            found.append(attribute[0])
        elif isinstance(attribute, str):
            found.append(attribute.split(".", 1)[0])
        for key, item in value.items():
            if key not in ("Ref", "Fn::GetAtt"):
                _collect(item, found)


def carries_environment(name: str, environment: str) -> bool:
    """Whether `environment` is one of the words of `name` (`fintech-dev-webapp-alb` carries `dev`)."""
    return environment in re.split(r"[^A-Za-z0-9]+", name)
