"""MW-07, MW-09: every taggable resource is tagged; dev and prod come from the same code."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

from policies.constants import REQUIRED_TAGS
from stacks.config import load_environments
from tests.webhook_stack import WEBHOOK_STACKS

pytestmark = pytest.mark.synth


def taggable(resource_type: str, region: str) -> bool:
    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(region, resource_type).schema
    return "Tags" in schema.get("properties", {})


def tags_of(resource: dict[str, Any]) -> dict[str, str]:
    tags = resource["Properties"].get("Tags", [])
    return dict(tags) if isinstance(tags, dict) else {tag["Key"]: tag["Value"] for tag in tags}


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_every_taggable_resource_carries_the_required_tags_of_its_environment(
    assembly: Any, stack: str
) -> None:
    config = load_environments()[stack.split("-", 1)[1]]
    for logical_id, resource in assembly.templates[stack]["Resources"].items():
        if taggable(resource["Type"], config.region):
            tags = tags_of(resource)
            assert {key: tags.get(key) for key in REQUIRED_TAGS} == {
                key: config.all_tags[key] for key in REQUIRED_TAGS
            }, logical_id


def test_dev_and_prod_have_the_same_kinds_and_numbers_of_resources(assembly: Any) -> None:
    dev, prod = (
        Counter(r["Type"] for r in assembly.templates[stack]["Resources"].values())
        for stack in WEBHOOK_STACKS
    )
    assert dev == prod
