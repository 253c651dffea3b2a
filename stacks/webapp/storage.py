"""The static assets bucket behind CloudFront, and the edge's log bucket (TX-05).

Assets: versioned, all public access blocked, TLS 1.2+ only, its own customer-managed key
(CloudFront reads SSE-KMS objects through origin access control), server access logs to the
log bucket, noncurrent versions expire after `NONCURRENT_VERSION_EXPIRY_DAYS`, retained on stack
deletion. Its policy allows exactly two readers: CloudFront through origin access control (added
by `cdn`, scoped to the one distribution) and the web tier's task role (TX-09), named by ARN
because that role lives in the regional stack (see `names`).
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from policies.constants import MIN_TLS_VERSION, NONCURRENT_VERSION_EXPIRY_DAYS
from stacks.acknowledgments import acknowledge
from stacks.defaults import ACKNOWLEDGMENT_EXPIRY, kms_key
from stacks.webapp.log_buckets import log_bucket

REPLICATION_REASON = (
    "The assets are build artefacts published by CI from version control and the bucket is versioned "
    "and retained; they can be republished anywhere, so a replica would add cost, not resilience."
)


class AssetStorage(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, bucket_name: str, reader_role_name: str
    ) -> None:
        super().__init__(scope, construct_id)
        self.logs = log_bucket(self, "Logs", receives_s3_access_logs=True)
        self.key = kms_key(self, "Key", description=f"Server-side encryption of the {bucket_name} bucket")
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            bucket_name=bucket_name,
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            minimum_tls_version=float(MIN_TLS_VERSION),
            versioned=True,
            server_access_logs_bucket=self.logs,
            server_access_logs_prefix="s3-access/assets/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    noncurrent_version_expiration=Duration.days(NONCURRENT_VERSION_EXPIRY_DAYS),
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                )
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        self._allow_reader(reader_role_name)
        for pack in ("NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"):
            acknowledge(
                self.bucket,
                f"{pack}-S3BucketReplicationEnabled",
                reason=REPLICATION_REASON,
                expires=ACKNOWLEDGMENT_EXPIRY,
            )

    def _allow_reader(self, role_name: str) -> None:
        stack = Stack.of(self)
        reader = iam.ArnPrincipal(
            stack.format_arn(service="iam", region="", resource="role", resource_name=role_name)
        )
        self.bucket.add_to_resource_policy(
            iam.PolicyStatement(
                sid="WebTierReadsAssets",
                principals=[reader],
                actions=["s3:GetObject", "s3:ListBucket"],
                resources=[self.bucket.bucket_arn, self.bucket.arn_for_objects("*")],
            )
        )
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="WebTierDecryptsAssets",
                principals=[reader],
                actions=["kms:Decrypt"],
                resources=["*"],
                conditions={"StringEquals": {"kms:ViaService": f"s3.{stack.region}.amazonaws.com"}},
            )
        )
