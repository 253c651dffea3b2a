#!/usr/bin/env python3
"""The CDK app: both systems, both environments, the cdk-nag packs registered.

`build_app()` returns the fully built `App` without synthesizing (the gate and the tests call it);
`python app.py` synthesizes it into `cdk.out/` (the CDK CLI runs exactly that, see cdk.json).
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from aws_cdk import App, Environment, Tags, Validations
from cdk_nag import (
    AwsSolutionsChecks,
    HIPAASecurityChecks,
    NIST80053R5Checks,
    PCIDSS321Checks,
    ServerlessChecks,
)

from policies.nag.pack import FinTechChecks
from stacks.config import ConfigError, EnvironmentConfig, load_environments
from stacks.webapp.edge import WebAppEdgeStack
from stacks.webapp.stack import WebAppStack
from stacks.webhook.stack import WebhookStack

STOCK_PACKS = (AwsSolutionsChecks, PCIDSS321Checks, NIST80053R5Checks, HIPAASecurityChecks, ServerlessChecks)


def add_environment(app: App, config: EnvironmentConfig) -> None:
    """Both systems' stacks for one environment, tagged (MW-07)."""
    env = Environment(account=config.account, region=config.region)
    webhook = WebhookStack(app, f"Webhook-{config.name}", config=config, env=env)
    webapp = WebAppStack(app, f"WebApp-{config.name}", config=config, env=env)
    edge = WebAppEdgeStack(app, f"WebAppEdge-{config.name}", config=config, regional_stack=webapp)
    for stack in (webhook, webapp, edge):
        for key, value in config.all_tags.items():
            Tags.of(stack).add(key, value)


def build_app(*, outdir: str | None = None, environments: tuple[str, ...] | None = None) -> App:
    """The whole app, packs and acknowledgments registered, not yet synthesized."""
    app = App(
        outdir=outdir,
        # cfn-lint checks the same schemas faster; the builtin validator costs seconds per synth.
        builtin_cloud_formation_validation=False,
        # Deterministic templates whoever synthesizes (the CLI or `python app.py`), each resource
        # carrying its construct path so every finding names the construct that owns it.
        analytics_reporting=False,
        context={"aws:cdk:enable-path-metadata": True},
    )
    configs = load_environments()
    for name in environments or tuple(configs):
        if name not in configs:
            raise ConfigError(f"unknown environment {name!r} (known: {', '.join(configs)})")
        add_environment(app, configs[name])
    stock = [pack(app) for pack in STOCK_PACKS]
    Validations.of(app).add_plugins(*stock, FinTechChecks(app, environments=configs, stock_packs=stock))
    return app


def synth_keeping_findings(app: App) -> None:
    """`app.synth()`, where cdk-nag findings do not raise: they stay in validation-report.json."""
    try:
        app.synth()
    except RuntimeError as exc:
        if "ValidationFailed" not in str(exc):
            raise


def main() -> int:
    try:
        app = build_app(outdir=os.environ.get("CDK_OUTDIR") or "cdk.out")
    except ConfigError as exc:
        print(f"app.py: configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        app.synth()
    except RuntimeError as exc:
        if "ValidationFailed" not in str(exc):
            raise
        print(
            f"app.py: cdk-nag found unacknowledged errors; see {app.outdir}/validation-report.json",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
