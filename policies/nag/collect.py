"""Reading the construct tree into an `Inventory`, with as few jsii round trips as possible.

Every read from Python is a round trip to the jsii runtime (~0.2 ms), so the collector
- takes a resource's type from its Python class (one read per L1 class, not per resource),
- takes its path from the `aws:cdk:path` metadata CDK already put on it (one read),
- reads anything else only for the types some rule needs it for (`Needs`),
- resolves every token of a stack (logical ids, referencing properties, output values) in one
  `Stack.resolve` call when the walk is over.

Properties are read as the L1 holds them (its attribute, or a plain `CfnResource`'s properties),
so a raw override (`add_property_override`) of a property a rule reads is not seen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from aws_cdk import AssetStaging, CfnOutput, CfnResource, Stack

from policies.nag.inventory import Inventory, Needs, Output, Resource, referenced_logical_ids

PATH_METADATA = "aws:cdk:path"
CODE_ASSET = ("Code", "Stage")  # lambda.Function -> its code Asset -> the asset's AssetStaging


@dataclass
class _Pending:
    """What one stack still has to resolve once the walk is over."""

    stack: Stack
    logical_ids: list[tuple[int, Any]] = field(default_factory=list)  # (resource index, token)
    properties: list[tuple[int, Any]] = field(default_factory=list)  # (resource index, {CFN name: value})


class Collector:
    def __init__(self, needs: Needs) -> None:
        self._needs = needs
        self._types: dict[type, str | None] = {}
        self._resources: list[Resource] = []
        self._stacks: dict[str, _Pending] = {}
        self.nodes: dict[str, CfnResource] = {}  # path -> the resource, to report a failure on it

    def add(self, node: CfnResource) -> None:
        resource_type = self._type_of(node)
        path = node.get_metadata(PATH_METADATA)
        if not isinstance(path, str):
            path = node.node.path
        self.nodes[path] = node
        stack = path.split("/", 1)[0]
        pending = self._stacks.get(stack)
        if pending is None:
            pending = self._stacks[stack] = _Pending(stack=node.stack)
        index = len(self._resources)
        code = self._code_source(node) if resource_type in self._needs.code_assets else None
        self._resources.append(Resource(stack=stack, path=path, type=resource_type, code_source=code))
        if resource_type in self._needs.logical_ids:
            pending.logical_ids.append((index, node.logical_id))
        if resource_type in self._needs.references:
            pending.properties.append((index, self._properties(node, self._needs.references[resource_type])))

    def inventory(self, environments: Mapping[str, Any]) -> Inventory:
        outputs: dict[str, tuple[Output, ...]] = {}
        for name, pending in self._stacks.items():
            declared = (
                [c for c in pending.stack.node.children if isinstance(c, CfnOutput)]
                if self._needs.outputs
                else []
            )
            resolved = pending.stack.resolve(
                {
                    "ids": [token for _, token in pending.logical_ids],
                    "properties": [properties for _, properties in pending.properties],
                    "outputs": [output.value for output in declared],
                    "output_ids": [output.logical_id for output in declared],
                }
            )
            for (index, _), logical_id in zip(pending.logical_ids, resolved["ids"], strict=True):
                self._resources[index] = replace(self._resources[index], logical_id=logical_id)
            for (index, _), properties in zip(pending.properties, resolved["properties"], strict=True):
                self._resources[index] = replace(
                    self._resources[index], references=self._references(properties)
                )
            outputs[name] = tuple(
                Output(
                    id=output_id, export_name=o.export_name or "", references=referenced_logical_ids(value)
                )
                for o, value, output_id in zip(
                    declared, resolved["outputs"], resolved["output_ids"], strict=True
                )
            )
        return Inventory(resources=tuple(self._resources), outputs=outputs, environments=environments)

    def _type_of(self, node: CfnResource) -> str:
        cls = type(node)
        if cls not in self._types:
            name = getattr(cls, "CFN_RESOURCE_TYPE_NAME", None)
            self._types[cls] = name if isinstance(name, str) else None
        return self._types[cls] or node.cfn_resource_type

    @staticmethod
    def _properties(node: CfnResource, names: tuple[str, ...]) -> dict[str, Any]:
        """The CFN properties `names` of `node`, unresolved: a typed L1's attributes (one small read
        each), or a plain `CfnResource`'s properties as given to it."""
        if type(node) is CfnResource:
            given = node._cfn_properties or {}
            return {name: given[name] for name in names if name in given}
        values = {name: getattr(node, re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower(), None) for name in names}
        return {name: value for name, value in values.items() if value is not None}

    @staticmethod
    def _references(properties: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
        """CFN property -> logical ids its resolved value references."""
        return {name: referenced_logical_ids(value) for name, value in properties.items()}

    @staticmethod
    def _code_source(node: CfnResource) -> str | None:
        construct = node.node.scope
        for child_id in CODE_ASSET:
            construct = construct.node.try_find_child(child_id) if construct is not None else None
        return construct.source_path if isinstance(construct, AssetStaging) else None
