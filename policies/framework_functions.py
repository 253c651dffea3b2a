"""AWS calls of the CDK framework functions that remain in the app, declared from their source (MW-05).

The least-privilege comparison holds every Lambda function's role against the calls the function
was seen to make in the e2e tests (`policies/observed_calls.json`). A framework function is
aws-cdk-lib's own Node.js code that runs only under CloudFormation, at deploy time: no local test
can run it. Its calls are declared here instead, read from its source, and the gate reports the
function as "declared", not observed, with the reason below (an acknowledgment, never a pass).
tests/compliance/test_least_privilege.py reads the same source in the synthesized assembly and
fails if the declaration and the code disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, kw_only=True)
class FrameworkFunction:
    construct: str  # the construct under the stack that holds the function (its path's 2nd part)
    handler: str
    actions: tuple[str, ...]
    source: str
    reason: str


RESTRICT_DEFAULT_SECURITY_GROUP: Final = FrameworkFunction(
    construct="Custom::VpcRestrictDefaultSGCustomResourceProvider",
    handler="__entrypoint__.handler",
    actions=(
        "ec2:AuthorizeSecurityGroupEgress",
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupEgress",
        "ec2:RevokeSecurityGroupIngress",
    ),
    source="aws-cdk-lib custom-resource-handlers/lib/aws-ec2/restrict-default-security-group-handler "
    "(index.js of the provider's asset in the cloud assembly)",
    reason="aws-cdk-lib's provider behind Vpc(restrict_default_security_group=True) runs only under "
    "CloudFormation at deploy time, so no local test can observe it; its source revokes the default "
    "security group's two rules on create and restores them on delete, and calls nothing else.",
)

FRAMEWORK_FUNCTIONS: Final = (RESTRICT_DEFAULT_SECURITY_GROUP,)
