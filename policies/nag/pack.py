"""`FinTechChecks`: the project's cdk-nag pack (GT-02), registered in `app.py` next to the stock packs.

cdk-nag calls `_check_resource` once per CloudFormation resource, and a Python rule applied per
resource through `_apply_rule` costs a jsii round trip per evaluation. So the pack works in two
walks over the tree:

1. collecting: `_check_resource` records what the rules need (`collect.Collector`), reading per
   resource only its path and the facts of its type; the rules then evaluate the whole inventory
   in Python, which also gives them what crosses resources and stacks (the other environment's
   stack, a stack's outputs, which function uses which role);
2. reporting, only for what failed: cdk-nag validates each failing resource on its own, and
   `_check_resource` hands it to `_apply_rule` for every rule it failed, so violations,
   acknowledgments and the validation report work as for any pack.

Every evaluation, passing or failing, is kept in `evaluations` and, during synthesis, written
into the cloud assembly (`evidence`), where the gate reads what passed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import reduce
from pathlib import Path
from typing import Any, cast

import jsii
from aws_cdk import CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, PolicyViolation
from cdk_nag import IApplyRule, NagMessageLevel, NagPack, NagRuleCompliance
from constructs import IConstruct

from policies.constants import NAG_EVIDENCE_FILE, NAG_PACK_NAME
from policies.nag import evidence
from policies.nag.collect import PATH_METADATA, Collector
from policies.nag.inventory import Needs, Verdict
from policies.nag.rule import Rule
from policies.nag.rules import RULES


@jsii.implements(IApplyRule)
class _Violation:
    """cdk-nag's `IApplyRule` for a resource a rule already found non-compliant.

    Its properties are read-only (cdk-nag only reads them), hence the `cast` where it is applied.
    """

    def __init__(self, rule: Rule, node: CfnResource) -> None:
        self._rule = rule
        self._node = node

    @property
    def node(self) -> CfnResource:
        return self._node

    @property
    def rule_suffix_override(self) -> str | None:
        return self._rule.name

    @property
    def info(self) -> str:
        return self._rule.info

    @property
    def explanation(self) -> str:
        return self._rule.explanation

    @property
    def level(self) -> NagMessageLevel:
        return NagMessageLevel.ERROR

    def rule(self, node: CfnResource) -> NagRuleCompliance:
        return NagRuleCompliance.NON_COMPLIANT


class FinTechChecks(NagPack):
    """The rules in `policies.nag.rules`; see the module docstring for how they run."""

    def __init__(
        self,
        scope: IConstruct | None = None,
        *,
        environments: Mapping[str, Any],
        stock_packs: Sequence[NagPack] = (),
    ) -> None:
        super().__init__(scope)
        self._pack_name = NAG_PACK_NAME
        self._environments = environments
        self._registered = (*(pack.read_pack_name for pack in stock_packs), NAG_PACK_NAME)
        self._needs = reduce(Needs.merge, (rule.needs for rule in RULES), Needs())
        self._collector: Collector | None = None
        self._failing: dict[str, list[Rule]] | None = None
        self.evaluations: tuple[tuple[Rule, Verdict], ...] = ()

    @property
    def name(self) -> str:
        return NAG_PACK_NAME

    def _check_resource(self, node: CfnResource) -> None:
        if self._failing is not None:
            path = node.get_metadata(PATH_METADATA)
            for rule in self._failing.get(path if isinstance(path, str) else node.node.path, ()):
                self._apply_rule(cast(IApplyRule, _Violation(rule, node)))
        elif self._collector is not None:
            self._collector.add(node)

    def validate_scope(self, scope: IConstruct) -> PolicyValidationPluginReport:
        collector = self._collector = Collector(self._needs)
        try:
            report = super().validate_scope(scope)
        finally:
            self._collector = None
        inventory = collector.inventory(self._environments)
        self.evaluations = tuple((rule, verdict) for rule in RULES for verdict in rule.evaluate(inventory))
        failing: dict[str, list[Rule]] = {}
        for rule, verdict in self.evaluations:
            if not verdict.compliant:
                failing.setdefault(verdict.resource.path, []).append(rule)
        return self._report(failing, collector.nodes) if failing else report

    def _report(
        self, failing: dict[str, list[Rule]], nodes: Mapping[str, CfnResource]
    ) -> PolicyValidationPluginReport:
        """cdk-nag's report of the failing resources, one rule's violations grouped as cdk-nag does."""
        grouped: dict[str, PolicyViolation] = {}
        self._failing = failing
        try:
            for path in failing:
                for violation in super().validate_scope(nodes[path]).violations:
                    known = grouped.get(violation.rule_name)
                    grouped[violation.rule_name] = (
                        violation
                        if known is None
                        else PolicyViolation(
                            rule_name=known.rule_name,
                            description=known.description,
                            severity=known.severity,
                            violating_resources=[*known.violating_resources, *violation.violating_resources],
                        )
                    )
        finally:
            self._failing = None
        return PolicyValidationPluginReport(success=not grouped, violations=list(grouped.values()))

    def validate(self, context: IPolicyValidationContext) -> PolicyValidationPluginReport:
        """During synthesis: validate, then write every evaluation next to the templates."""
        assembly = Path(context.template_paths[0]).parent if context.template_paths else None
        if assembly is not None:
            (assembly / NAG_EVIDENCE_FILE).unlink(missing_ok=True)  # never leave a stale record
        report = super().validate(context)
        if assembly is not None:
            evidence.write(
                assembly,
                evidence.document(self.evaluations, rules=RULES, registered_packs=self._registered),
            )
        return report
