"""FinTech-EnvParity (MW-09): every environment of a system synthesizes the same resources.

Each resource of a `<System>-<env>` stack must have a counterpart of the same type at the same
construct path in the system's stack of every other environment. Paths are compared with the
environment taken out: the stack segment, and the unique ids of the stack's constructs that CDK
writes into some construct ids (`ApiPermission.WebhookdevApiRestApi97868CBF.POST..webhook`:
the stack's name plus a hash of the path, which differs per environment).

A resource that exists in one environment only because the configuration says so is declared in
`CONFIG_DRIVEN` with the configuration key that causes it; it must then exist exactly in the
environments whose configured value asks for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from policies.constants import WEBAPP_SYSTEM
from policies.nag.inventory import Inventory, Needs, Resource, Verdict
from policies.nag.rule import Rule

STACK_PLACEHOLDER = "{stack}"


@dataclass(frozen=True, kw_only=True)
class ConfigDriven:
    """A resource present in an environment when the configuration `key` is at least `minimum`."""

    system: str
    path: str  # the construct path inside the stack
    type: str
    key: str  # dotted key of config/environments.json
    minimum: int

    def wanted(self, configuration: Any) -> bool:
        value = reduce(getattr, self.key.split("."), configuration)
        return bool(value >= self.minimum)


def _nat_gateway(subnet: int) -> tuple[ConfigDriven, ...]:
    """TX-01: one NAT gateway (and its Elastic IP) per AZ up to `webapp.nat_gateways`."""
    return tuple(
        ConfigDriven(
            system=WEBAPP_SYSTEM,
            path=f"Network/Vpc/publicSubnet{subnet}/{name}",
            type=resource_type,
            key="webapp.nat_gateways",
            minimum=subnet,
        )
        for name, resource_type in (("EIP", "AWS::EC2::EIP"), ("NATGateway", "AWS::EC2::NatGateway"))
    )


CONFIG_DRIVEN: tuple[ConfigDriven, ...] = (*_nat_gateway(2), *_nat_gateway(3))


def normalized_path(resource: Resource) -> str:
    """The construct path inside its stack, with the stack's unique ids made environment-free."""
    inside = resource.path.split("/", 1)[1] if "/" in resource.path else ""
    stack_id = re.escape(re.sub(r"[^A-Za-z0-9]", "", resource.stack))
    return re.sub(stack_id + r"([A-Za-z0-9]*?)[0-9A-F]{8}(?![A-Za-z0-9])", STACK_PLACEHOLDER + r"\1", inside)


def _evaluate(inventory: Inventory) -> Iterator[Verdict]:
    present: dict[str, dict[str, set[tuple[str, str]]]] = {}  # system -> environment -> (path, type)
    members: list[tuple[str, Resource]] = []
    for resource in inventory.resources:
        found = inventory.system_of(resource.stack)
        if found is not None:
            system, environment = found
            key = (normalized_path(resource), resource.type)
            present.setdefault(system, {}).setdefault(environment, set()).add(key)
            members.append((system, resource))
    driven = {(d.system, d.path, d.type): d for d in CONFIG_DRIVEN}
    for system, resource in members:
        if len(present[system]) < 2:
            continue  # the system's other environments are not in the validated scope
        key = (normalized_path(resource), resource.type)
        problems = []
        for other, paths in sorted(present[system].items()):
            rule = driven.get((system, *key))
            wanted = rule is None or rule.wanted(inventory.environments[other])
            if (key in paths) != wanted:
                problems.append(_problem(rule, f"{system}-{other}", missing=wanted))
        yield Verdict(
            resource=resource,
            compliant=not problems,
            message="; ".join(problems) or f"same path and type in every environment of {system}",
        )


def _problem(rule: ConfigDriven | None, stack: str, *, missing: bool) -> str:
    if rule is None:
        return f"no counterpart in {stack}"
    if missing:
        return f"missing in {stack}, where {rule.key} is at least {rule.minimum}"
    return f"present in {stack}, where {rule.key} is below {rule.minimum}"


RULE = Rule(
    name="EnvParity",
    claims=("MW-09",),
    info="The resource has no counterpart at the same construct path in another environment of its system.",
    explanation=(
        "MW-09: dev and prod synthesize from the same code; only configuration makes them differ. A "
        "resource in one environment's stack only must be declared as driven by a configuration key."
    ),
    needs=Needs(),
    evaluate=_evaluate,
)
