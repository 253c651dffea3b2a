"""The rules of the project's cdk-nag pack, one per module, each naming the claims it verifies."""

from __future__ import annotations

from policies.nag.rule import Rule
from policies.nag.rules import (
    dlq_replay_outputs,
    env_parity,
    lambda_code_asset,
    no_grant_policy,
    operator_outputs,
    own_role,
)

RULES: tuple[Rule, ...] = (
    env_parity.RULE,
    operator_outputs.RULE,
    dlq_replay_outputs.RULE,
    lambda_code_asset.RULE,
    own_role.RULE,
    no_grant_policy.RULE,
)


def rule_ids() -> tuple[str, ...]:
    """`FinTech-<Name>` of every rule, in the pack's order."""
    return tuple(rule.id for rule in RULES)
