"""MW-05 by use on the real app: every Lambda role grants what its function uses, and no more.

The comparison (tools/gate/least_privilege.py) holds each role of the synthesized app against
the calls recorded in the e2e tests (policies/observed_calls.json). The counterexample builds the
real `dev` app, adds ONE properly scoped action to one role's policy at the L1 level (DeleteItem on
the function's own table: no wildcard, no other resource, so no static rule objects to it) and
shows that only use tells it apart: it is reported unused, naming MW-05 and the policy.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk import aws_iam as iam

from policies.framework_functions import FRAMEWORK_FUNCTIONS
from tools.gate import inventory
from tools.gate.least_privilege import compare
from tools.gate.least_privilege_verdict import CLAIM, findings, summary
from tools.gate.model import FunctionPrivileges

pytestmark = pytest.mark.synth

STACK = "Webhook-dev"
FUNCTION = "TransactionProcessor"
HANDLER = "transaction_processor.handler.lambda_handler"
POLICY_PATH = f"{STACK}/{FUNCTION}/Policy/Resource"
EXTRA = "dynamodb:DeleteItem"
EC2_CALL = re.compile(r"\.(authorize|revoke)(SecurityGroup(?:Ingress|Egress))\(")


def templates_in(outdir: Path) -> dict[str, dict[str, Any]]:
    return {
        p.name.removesuffix(".template.json"): json.loads(p.read_text())
        for p in outdir.glob("*.template.json")
    }


def of(results: tuple[FunctionPrivileges, ...], stack: str, handler: str) -> FunctionPrivileges:
    (found,) = [r for r in results if (r.stack, r.handler) == (stack, handler)]
    return found


@pytest.fixture(scope="module")
def with_delete_item(tmp_path_factory: pytest.TempPathFactory) -> tuple[FunctionPrivileges, ...]:
    """The dev app, its transaction_processor policy also granting DeleteItem on its own table."""
    from app import build_app, synth_keeping_findings
    from stacks.acknowledgments import recorded

    outdir = tmp_path_factory.mktemp("cdk.out")
    with recorded():
        app = build_app(outdir=str(outdir), environments=("dev",))
    stack = app.node.find_child(STACK)
    policy = stack.node.find_child(FUNCTION).node.find_child("Policy").node.default_child
    assert isinstance(policy, iam.CfnManagedPolicy)
    document = Stack.of(policy).resolve(policy.policy_document)
    (put_item,) = [s for s in document["Statement"] if s["Action"] == "dynamodb:PutItem"]
    document["Statement"].append({**put_item, "Sid": "AlsoDeleteItems", "Action": EXTRA})
    policy.add_property_override("PolicyDocument", document)
    synth_keeping_findings(app)
    return compare(templates_in(outdir), inventory.load())


def test_an_extra_scoped_action_is_reported_unused_naming_mw05_and_the_policy(
    with_delete_item: tuple[FunctionPrivileges, ...],
) -> None:
    processor = of(with_delete_item, STACK, HANDLER)
    # THEN DeleteItem, granted on the function's own table, is unused: the function never calls it
    assert [(e.action, e.policy_path) for e in processor.unused if e.action == EXTRA] == [
        (EXTRA, POLICY_PATH)
    ]
    # AND the gate's finding names the claim, the policy (stack, logical id, construct path) and the action
    lines = [f.line() for f in findings([processor]) if EXTRA in f.message]
    assert len(lines) == 1
    assert lines[0].startswith(f"FAIL {CLAIM} observed-calls {STACK}/TransactionProcessorPolicy")
    assert f"({POLICY_PATH})" in lines[0]


def test_the_real_app_does_not_grant_the_extra_action(assembly: Any) -> None:
    processor = of(compare(assembly.templates, inventory.load()), STACK, HANDLER)
    assert EXTRA not in processor.granted
    assert processor.observation == "observed"


def test_every_role_of_the_real_app_grants_exactly_what_its_function_uses(assembly: Any) -> None:
    results = compare(assembly.templates, inventory.load())
    assert {(r.stack, r.handler) for r in results} >= {
        (f"{system}-{env}", f"{package}.handler.lambda_handler")
        for env in ("dev", "prod")
        for system, package in (
            ("Webhook", "webhook_handler"),
            ("Webhook", "transaction_processor"),
            ("Webhook", "audit_logger"),
            ("WebApp", "transaction_validator"),
        )
    }
    assert [f"{r.stack}: {summary(r)}" for r in results if not r.passed] == []


def test_framework_functions_call_exactly_what_is_declared(assembly: Any) -> None:
    for declared in FRAMEWORK_FUNCTIONS:
        sources = [
            assembly.outdir
            / f"asset.{resource['Properties']['Code']['S3Key'].removesuffix('.zip')}"
            / "index.js"
            for template in assembly.templates.values()
            for resource in template["Resources"].values()
            if resource["Type"] == "AWS::Lambda::Function"
            and resource["Properties"].get("Handler") == declared.handler
            and f"/{declared.construct}/" in resource["Metadata"]["aws:cdk:path"]
        ]
        assert sources, declared.construct
        for source in sources:
            code = source.read_text(encoding="utf-8")
            assert re.findall(r'require\("@aws-sdk/client-([a-z0-9-]+)"\)', code) == ["ec2"]
            calls = {f"ec2:{verb.capitalize()}{noun}" for verb, noun in EC2_CALL.findall(code)}
            assert calls == set(declared.actions)
