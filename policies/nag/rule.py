"""A rule of the project's cdk-nag pack: its id, the claims it verifies and its evaluation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from policies.constants import NAG_PACK_NAME
from policies.nag.inventory import Inventory, Needs, Verdict


@dataclass(frozen=True, kw_only=True)
class Rule:
    """`evaluate` returns one verdict per resource the rule applies to (none: not applicable)."""

    name: str  # the rule id without the pack prefix
    claims: tuple[str, ...]
    info: str  # why a resource fails, one line (cdk-nag's `info`)
    explanation: str  # why the rule exists (cdk-nag's `explanation`)
    needs: Needs
    evaluate: Callable[[Inventory], Iterable[Verdict]]

    @property
    def id(self) -> str:
        return f"{NAG_PACK_NAME}-{self.name}"
