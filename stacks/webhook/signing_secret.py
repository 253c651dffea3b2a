"""The webhook signing secret shared with the payment provider (WH-12, MW-08)."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from stacks.acknowledgments import acknowledge

SIGNING_SECRET_LENGTH = 64
ROTATION_REASON = (
    "The signing secret is shared with the external payment provider, which must install every new value "
    "before we may accept it; rotation is a coordinated runbook step (the handler accepts several v1 "
    "signatures during the overlap), so Secrets Manager automatic rotation cannot be enabled."
)
ROTATION_FINDINGS = (
    "AwsSolutions-SMG4",
    "NIST.800.53.R5-SecretsManagerRotationEnabled",
    "HIPAA.Security-SecretsManagerRotationEnabled",
)


class SigningSecret(Construct):
    """A generated secret whose value is the signing key itself, read by the handler at run time."""

    def __init__(self, scope: Construct, construct_id: str, *, encryption_key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self.secret = secretsmanager.Secret(
            self,
            "Secret",
            description="HMAC-SHA256 key of the X-Webhook-Signature header, shared with the payment provider",
            encryption_key=encryption_key,
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=SIGNING_SECRET_LENGTH, exclude_punctuation=True
            ),
            removal_policy=RemovalPolicy.RETAIN,
        )
        for finding in ROTATION_FINDINGS:
            acknowledge(self.secret, finding, reason=ROTATION_REASON, expires="2027-05-31")
