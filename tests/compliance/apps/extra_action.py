"""An app command for `--app CMD`: the real dev app, transaction_processor's policy also granting
`dynamodb:DeleteItem` on its own table: properly scoped (no wildcard, its own table), never used.

Run by the gate with CDK_OUTDIR and FINTECH_ACKNOWLEDGMENTS=record set, like any app command.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from aws_cdk import Stack
from aws_cdk import aws_iam as iam

from app import build_app, synth_keeping_findings

EXTRA = "dynamodb:DeleteItem"


def main() -> None:
    app = build_app(environments=("dev",))
    policy = app.node.find_child("Webhook-dev").node.find_child("TransactionProcessor")
    policy = policy.node.find_child("Policy").node.default_child
    assert isinstance(policy, iam.CfnManagedPolicy)
    document = Stack.of(policy).resolve(policy.policy_document)
    (put_item,) = [s for s in document["Statement"] if s["Action"] == "dynamodb:PutItem"]
    document["Statement"].append({**put_item, "Sid": "AlsoDeleteItems", "Action": EXTRA})
    policy.add_property_override("PolicyDocument", document)
    synth_keeping_findings(app)


if __name__ == "__main__":
    main()
