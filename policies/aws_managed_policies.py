"""The actions of the AWS managed policies a Lambda role might attach (MW-05).

The least-privilege comparison (tools/gate/least_privilege.py) needs every action a role grants,
but an AWS managed policy is not in the template, only its ARN. These are the documents AWS
publishes (IAM console, "AWS managed policies for Lambda features"), version and all; every
statement grants on `Resource: "*"`. A managed policy missing from this table is flagged, never
guessed. tests/unit/test_gate_least_privilege.py checks the table against the copy of the AWS
documents that moto ships.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

_LOGS: Final = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")

# policy path and name (after `arn:<partition>:iam::aws:policy/`) -> actions, all on "*"
AWS_MANAGED_POLICIES: Final[Mapping[str, tuple[str, ...]]] = {
    # v1: what aws-cdk-lib attaches to its own custom-resource provider roles.
    "service-role/AWSLambdaBasicExecutionRole": _LOGS,
    # v1
    "service-role/AWSLambdaSQSQueueExecutionRole": (
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        *_LOGS,
    ),
    # v3
    "service-role/AWSLambdaVPCAccessExecutionRole": (
        *_LOGS,
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
    ),
    # v2
    "AWSXRayDaemonWriteAccess": (
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
    ),
}
