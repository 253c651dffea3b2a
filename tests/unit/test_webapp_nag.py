"""GT-02, GT-06 for the web app's stacks: the five cdk-nag packs pass, every acknowledgment is reviewed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.webapp_stack import ALL_STACKS

pytestmark = pytest.mark.synth
LATEST_EXPIRY = dt.date(2027, 5, 31)
PACKS = ("HIPAA.Security", "NIST.800.53.R5", "PCI.DSS.321")
# The findings the regional stack acknowledges by design (reasons next to each resource).
REGIONAL_RULES = {
    "AwsSolutions-EC23",
    "AwsSolutions-ECS2",
    "AwsSolutions-IAM5[Resource::*]",
    "AwsSolutions-L1",
    "AwsSolutions-S1",
    "AwsSolutions-SQS3",
    "HIPAA.Security-DynamoDBInBackupPlan",
    "HIPAA.Security-LambdaDLQ",
    "HIPAA.Security-RDSEnhancedMonitoringEnabled",
    "HIPAA.Security-RDSInBackupPlan",
    "NIST.800.53.R5-DynamoDBInBackupPlan",
    "NIST.800.53.R5-LambdaDLQ",
    "NIST.800.53.R5-RDSEnhancedMonitoringEnabled",
    "NIST.800.53.R5-RDSInBackupPlan",
    "Serverless-LambdaDLQ",
    "Serverless-LambdaLatestVersion",
    "Serverless-SQSRedrivePolicy",
    "FinTech-LambdaCodeAsset",  # aws-cdk-lib's default-SG provider ships its own Node.js code
    *(
        f"{pack}-{rule}"
        for pack in PACKS
        for rule in (
            "ELBv2ACMCertificateRequired",
            "LambdaInsideVPC",
            "S3BucketLoggingEnabled",
            "S3BucketReplicationEnabled",
            "S3DefaultEncryptionKMS",
            "VPCNoUnrestrictedRouteToIGW",
        )
    ),
}
# Dev only: deletion protection is off by configuration.
DEV_RULES = {
    "AwsSolutions-RDS10",
    "HIPAA.Security-ELBDeletionProtectionEnabled",
    "HIPAA.Security-RDSInstanceDeletionProtectionEnabled",
    "NIST.800.53.R5-ELBDeletionProtectionEnabled",
    "NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled",
}
# The edge stack: no geo restriction, the default CloudFront certificate, SSE-S3 logs, no replication.
EDGE_RULES = {
    "AwsSolutions-CFR1",
    "AwsSolutions-CFR4",
    *(
        f"{pack}-{rule}"
        for pack in PACKS
        for rule in ("S3BucketReplicationEnabled", "S3DefaultEncryptionKMS")
    ),
}
REVIEWED = {
    "WebApp-dev": REGIONAL_RULES | DEV_RULES,
    "WebApp-prod": REGIONAL_RULES,
    "WebAppEdge-dev": EDGE_RULES,
    "WebAppEdge-prod": EDGE_RULES,
}


def acknowledged_under(assembly: Any, stack: str) -> list[tuple[str, str, Any]]:
    return [entry for entry in assembly.acknowledged if entry[1].startswith(f"{stack}/")]


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_no_unacknowledged_nag_error(assembly: Any, stack: str) -> None:
    assert assembly.violations_under(f"{stack}/") == []


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_every_acknowledgment_covers_a_finding(assembly: Any, stack: str) -> None:
    stale = [record for record in assembly.stale_acknowledgments if record.path.startswith(f"{stack}/")]
    assert stale == []


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_only_the_reviewed_findings_are_acknowledged(assembly: Any, stack: str) -> None:
    assert {rule for rule, _, _ in acknowledged_under(assembly, stack)} == REVIEWED[stack]


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_no_acknowledgment_outlives_the_review_date(assembly: Any, stack: str) -> None:
    assert all(record.expires <= LATEST_EXPIRY for _, _, record in acknowledged_under(assembly, stack))


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_no_acknowledgment_sits_on_the_stack_itself(assembly: Any, stack: str) -> None:
    assert all(record.path != stack for _, _, record in acknowledged_under(assembly, stack))
