"""Small apps for the project's cdk-nag pack: build a few constructs, run the pack, read its verdicts.

`run(app)` runs `FinTechChecks` on the app the way cdk-nag does during synthesis (`validate_scope`,
no synthesis) and returns every verdict and every reported violation, by rule id and path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from aws_cdk import App, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from policies.nag.pack import FinTechChecks

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR_CODE = ROOT / "lambdas" / "transaction_validator"
OTHER_CODE = ROOT / "tests" / "events"


def environments(*, dev_nat_gateways: int = 1, prod_nat_gateways: int = 3) -> dict[str, Any]:
    """The two environments, with only what the pack reads from their configuration."""
    return {
        "dev": SimpleNamespace(webapp=SimpleNamespace(nat_gateways=dev_nat_gateways)),
        "prod": SimpleNamespace(webapp=SimpleNamespace(nat_gateways=prod_nat_gateways)),
    }


def new_app(*, outdir: Path | None = None) -> App:
    """An app with the construct-path metadata the project's app enables."""
    return App(
        outdir=str(outdir) if outdir else None,
        analytics_reporting=False,
        context={"aws:cdk:enable-path-metadata": True},
    )


def function(
    scope: Construct, construct_id: str, *, code: lambda_.Code | None = None, **kwargs: Any
) -> lambda_.Function:
    return lambda_.Function(
        scope,
        construct_id,
        runtime=lambda_.Runtime.PYTHON_3_11,
        handler="transaction_validator.handler.lambda_handler",
        code=code or lambda_.Code.from_asset(str(VALIDATOR_CODE)),
        **kwargs,
    )


@dataclass(frozen=True)
class Outcome:
    verdicts: dict[tuple[str, str], bool]  # (rule id, construct path) -> compliant
    messages: dict[tuple[str, str], str]
    violations: set[tuple[str, str]]  # (rule id, construct path) cdk-nag reported

    def of(self, rule: str) -> dict[str, bool]:
        """Construct path -> compliant, for one rule."""
        return {path: ok for (rule_id, path), ok in self.verdicts.items() if rule_id == rule}


def run(app: App, *, config: dict[str, Any] | None = None) -> Outcome:
    pack = FinTechChecks(environments=config or environments())
    report = pack.validate_scope(app)
    return Outcome(
        verdicts={(rule.id, v.resource.path): v.compliant for rule, v in pack.evaluations},
        messages={(rule.id, v.resource.path): v.message for rule, v in pack.evaluations},
        violations={
            (violation.rule_name, resource.construct_path)
            for violation in report.violations
            for resource in violation.violating_resources
        },
    )


def stacks(app: App, system: str) -> tuple[Stack, Stack]:
    """`<system>-dev` and `<system>-prod`."""
    return Stack(app, f"{system}-dev"), Stack(app, f"{system}-prod")
