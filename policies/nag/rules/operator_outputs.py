"""FinTech-OperatorOutputs (TX-12): what operators of the web app need is a stack output.

Every resource of a kind in `OPERATOR_RESOURCES` (the ALB, the CloudFront distribution, the
Aurora cluster, the validation function, the sessions table) must be referenced by a `CfnOutput`
declared at the top level of its own stack, and that output's export name must carry the
environment. Outputs are not CloudFormation resources, so only the construct tree (the stack's
`CfnOutput` children, their values resolved) tells which resource an output names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from policies.constants import WEBAPP_EDGE_SYSTEM, WEBAPP_SYSTEM
from policies.nag.inventory import Inventory, Needs, Resource, Verdict, carries_environment
from policies.nag.rule import Rule
from policies.nag.rules.lambda_code_asset import from_project_code

FUNCTION = "AWS::Lambda::Function"


@dataclass(frozen=True, kw_only=True)
class OperatorResource:
    system: str
    type: str
    what: str  # what the output gives the operator


OPERATOR_RESOURCES = (
    OperatorResource(
        system=WEBAPP_SYSTEM, type="AWS::ElasticLoadBalancingV2::LoadBalancer", what="ALB DNS name"
    ),
    OperatorResource(system=WEBAPP_SYSTEM, type="AWS::RDS::DBCluster", what="database endpoint"),
    OperatorResource(system=WEBAPP_SYSTEM, type=FUNCTION, what="validation function ARN"),
    OperatorResource(system=WEBAPP_SYSTEM, type="AWS::DynamoDB::Table", what="sessions table name"),
    OperatorResource(
        system=WEBAPP_EDGE_SYSTEM, type="AWS::CloudFront::Distribution", what="CloudFront domain"
    ),
)


def _applies(resource: Resource) -> bool:
    """Framework helper functions (code not from lambdas/) are nothing an operator calls."""
    return resource.type != FUNCTION or from_project_code(resource)


def _evaluate(inventory: Inventory) -> Iterator[Verdict]:
    for needed in OPERATOR_RESOURCES:
        for resource in inventory.in_system(needed.system):
            if resource.type != needed.type or not _applies(resource):
                continue
            found = inventory.system_of(resource.stack)
            environment = found[1] if found else ""
            outputs = [
                o for o in inventory.outputs.get(resource.stack, ()) if resource.logical_id in o.references
            ]
            exported = [o for o in outputs if carries_environment(o.export_name, environment)]
            if exported:
                yield Verdict(
                    resource=resource,
                    compliant=True,
                    message=f"{needed.what}: output {exported[0].id} (export {exported[0].export_name})",
                )
            elif outputs:
                names = ", ".join(f"{o.id} ({o.export_name or 'not exported'})" for o in outputs)
                yield Verdict(
                    resource=resource,
                    compliant=False,
                    message=f"{needed.what}: no export name of {names} carries the environment {environment}",
                )
            else:
                yield Verdict(
                    resource=resource,
                    compliant=False,
                    message=f"{needed.what}: no output of its stack names it",
                )


RULE = Rule(
    name="OperatorOutputs",
    claims=("TX-12",),
    info="No stack output (with the environment in its export name) references this resource operators need.",
    explanation=(
        "TX-12: the ALB DNS name, CloudFront domain, database endpoint, validation function ARN and "
        "sessions table name are outputs of their stack, exported under names that carry the environment."
    ),
    needs=Needs(
        logical_ids=frozenset(o.type for o in OPERATOR_RESOURCES),
        code_assets=frozenset({FUNCTION}),
        outputs=True,
    ),
    evaluate=_evaluate,
)
