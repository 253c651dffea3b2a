"""GT-02, GT-06 for the webhook stacks: the five cdk-nag packs pass, every acknowledgment is used."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.webhook_stack import WEBHOOK_STACKS

pytestmark = pytest.mark.synth
# The findings the webhook stack acknowledges by design; a new one must be reviewed here first.
ACKNOWLEDGED_RULES = {
    "AwsSolutions-APIG4",
    "AwsSolutions-COG4",
    "AwsSolutions-IAM5[Resource::*]",
    "AwsSolutions-L1",
    "AwsSolutions-SMG4",
    "AwsSolutions-SQS3",
    "HIPAA.Security-APIGWCacheEnabledAndEncrypted",
    "HIPAA.Security-APIGWSSLEnabled",
    "HIPAA.Security-DynamoDBInBackupPlan",
    "HIPAA.Security-LambdaDLQ",
    "HIPAA.Security-LambdaInsideVPC",
    "HIPAA.Security-SecretsManagerRotationEnabled",
    "NIST.800.53.R5-APIGWCacheEnabledAndEncrypted",
    "NIST.800.53.R5-APIGWSSLEnabled",
    "NIST.800.53.R5-DynamoDBInBackupPlan",
    "NIST.800.53.R5-LambdaDLQ",
    "NIST.800.53.R5-LambdaInsideVPC",
    "NIST.800.53.R5-SecretsManagerRotationEnabled",
    "PCI.DSS.321-APIGWCacheEnabledAndEncrypted",
    "PCI.DSS.321-APIGWSSLEnabled",
    "PCI.DSS.321-LambdaInsideVPC",
    "Serverless-LambdaDLQ",
    "Serverless-LambdaEventSourceMappingDestination",
    "Serverless-LambdaLatestVersion",
    "Serverless-SQSRedrivePolicy",
}
LATEST_EXPIRY = dt.date(2027, 5, 31)


def acknowledged_under(assembly: Any, stack: str) -> list[tuple[str, str, Any]]:
    return [entry for entry in assembly.acknowledged if entry[1].startswith(f"{stack}/")]


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_no_unacknowledged_nag_error(assembly: Any, stack: str) -> None:
    assert assembly.violations_under(f"{stack}/") == []


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_every_acknowledgment_covers_a_finding(assembly: Any, stack: str) -> None:
    # In record mode the packs report acknowledged findings too, so an unused one shows as stale.
    stale = [record for record in assembly.stale_acknowledgments if record.path.startswith(f"{stack}/")]
    assert stale == []


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_only_the_reviewed_findings_are_acknowledged(assembly: Any, stack: str) -> None:
    assert {rule for rule, _, _ in acknowledged_under(assembly, stack)} == ACKNOWLEDGED_RULES


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_no_acknowledgment_outlives_the_review_date(assembly: Any, stack: str) -> None:
    assert all(record.expires <= LATEST_EXPIRY for _, _, record in acknowledged_under(assembly, stack))


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_no_acknowledgment_sits_on_the_stack_itself(assembly: Any, stack: str) -> None:
    assert all(record.path != stack for _, _, record in acknowledged_under(assembly, stack))
