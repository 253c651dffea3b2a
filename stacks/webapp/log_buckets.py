"""S3 buckets that AWS log delivery writes to (ALB access logs, CloudFront and S3 server access logs).

Encrypted with SSE-S3, the documented MW-03 exception: Elastic Load Balancing access logs and
S3 server access logs can only be delivered to a bucket whose default encryption is SSE-S3, not
SSE-KMS. Otherwise like every bucket here: all public access blocked, TLS 1.2+ only (MW-04),
versioned, retained on stack deletion, logs kept `ACCESS_LOG_RETENTION_DAYS` (PCI DSS 10.5.1).
A log bucket is not replicated, and one that is not itself the target of S3 server access logs
does not log its own access (that would log the logging): both are acknowledged here.
"""

from __future__ import annotations

from typing import cast

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_s3 as s3
from constructs import Construct

from policies.constants import (
    ACCESS_LOG_RETENTION_DAYS,
    ENCRYPTION_EXCEPTION_METADATA,
    LOG_BUCKET_METADATA,
    MIN_TLS_VERSION,
)
from stacks.acknowledgments import acknowledge
from stacks.defaults import ACKNOWLEDGMENT_EXPIRY

SSE_S3_REASON = (
    "MW-03 exception: AWS log delivery (ELB access logs, S3 server access logs) only writes to buckets "
    "encrypted with SSE-S3, not SSE-KMS; the bucket holds access logs only, never customer data."
)
SELF_LOGGING_REASON = (
    "This bucket is itself an access-log destination; logging its own access would mostly log the log "
    "delivery. Only AWS log delivery may write, non-TLS access is denied and public access is blocked."
)
REPLICATION_REASON = (
    "Access logs are kept in one region, versioned and retained on stack deletion for "
    "ACCESS_LOG_RETENTION_DAYS; cross-region replication would copy them without adding a control."
)
PACKS = ("NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321")


def log_bucket(scope: Construct, construct_id: str, *, receives_s3_access_logs: bool) -> s3.Bucket:
    """A bucket for AWS log delivery.

    A bucket that receives S3 server access logs also receives CloudFront's standard logs, which
    are written with ACLs, so it keeps ACLs usable (`BUCKET_OWNER_PREFERRED`); cdk-nag recognises it
    as a logging target. Any other log bucket has ACLs disabled.
    """
    object_ownership = (
        s3.ObjectOwnership.BUCKET_OWNER_PREFERRED
        if receives_s3_access_logs
        else s3.ObjectOwnership.BUCKET_OWNER_ENFORCED
    )
    bucket = s3.Bucket(
        scope,
        construct_id,
        encryption=s3.BucketEncryption.S3_MANAGED,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        enforce_ssl=True,
        minimum_tls_version=float(MIN_TLS_VERSION),
        versioned=True,
        object_ownership=object_ownership,
        lifecycle_rules=[
            s3.LifecycleRule(
                expiration=Duration.days(ACCESS_LOG_RETENTION_DAYS),
                noncurrent_version_expiration=Duration.days(1),
                abort_incomplete_multipart_upload_after=Duration.days(1),
            )
        ],
        removal_policy=RemovalPolicy.RETAIN,
    )
    # Named in the template, where the gate's checks read them (CKV_FIN_13, CKV_FIN_53, CKV_FIN_54).
    resource = cast(s3.CfnBucket, bucket.node.default_child)
    resource.add_metadata(ENCRYPTION_EXCEPTION_METADATA, SSE_S3_REASON)
    resource.add_metadata(LOG_BUCKET_METADATA, "AWS log delivery destination (access logs only)")
    acknowledge(bucket, "CKV_AWS_18", reason=SELF_LOGGING_REASON, expires=ACKNOWLEDGMENT_EXPIRY)
    if not receives_s3_access_logs:
        acknowledge(bucket, "AwsSolutions-S1", reason=SELF_LOGGING_REASON, expires=ACKNOWLEDGMENT_EXPIRY)
    for pack in PACKS:
        if not receives_s3_access_logs:
            acknowledge(
                bucket,
                f"{pack}-S3BucketLoggingEnabled",
                reason=SELF_LOGGING_REASON,
                expires=ACKNOWLEDGMENT_EXPIRY,
            )
        acknowledge(
            bucket,
            f"{pack}-S3BucketReplicationEnabled",
            reason=REPLICATION_REASON,
            expires=ACKNOWLEDGMENT_EXPIRY,
        )
        acknowledge(
            bucket, f"{pack}-S3DefaultEncryptionKMS", reason=SSE_S3_REASON, expires=ACKNOWLEDGMENT_EXPIRY
        )
    return bucket
