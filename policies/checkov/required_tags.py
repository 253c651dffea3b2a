"""MW-07: every taggable resource carries the tags Environment, Team, CostCenter and Application
(a resource counts as taggable when its type is in `reference_lists.TAGGABLE_TYPES` or it has
a `Tags` property)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, is_set, properties, tags
from policies.checkov.reference_lists import TAGGABLE_TYPES
from policies.constants import REQUIRED_TAGS


class RequiredTags(ResourceCheck):
    CLAIMS = ("MW-07",)

    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every taggable resource carries the tags {', '.join(REQUIRED_TAGS)}",
            id="CKV_FIN_22",
            categories=(CheckCategories.CONVENTION,),
            supported_resources=("*",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if "Tags" not in properties(conf) and conf.get("Type") not in TAGGABLE_TYPES:
            return CheckResult.UNKNOWN
        present = tags(conf)
        return (
            CheckResult.PASSED
            if all(is_set(present.get(key)) for key in REQUIRED_TAGS)
            else CheckResult.FAILED
        )


check = RequiredTags()
