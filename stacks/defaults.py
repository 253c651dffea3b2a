"""Secure defaults for every stack, as pure functions in one place (AWS Solutions Constructs style).

Each function builds one resource the way every claim wants it, so all resources of a kind are
alike and a verifier can check that they are:
- `kms_key`: customer-managed, rotation on, retained (MW-03, MW-06),
- `log_group`: `LOG_RETENTION_DAYS` retention, encrypted with a customer-managed key (MW-02),
- `dead_letter_queue` / `queue`: KMS-encrypted, TLS-only, a DLQ after `MAX_RECEIVE_COUNT` receives
  (MW-03, MW-04, WH-08),
- `topic`: KMS-encrypted, TLS-only (MW-03, MW-04),
- `dynamodb_table`: on-demand, PITR, customer-managed key, retained (MW-03, MW-06),
- `function_role` / `python_function`: one role per function that CDK grants cannot widen, Python on
  arm64 from the `lambdas/` asset, its own explicit log group, X-Ray active (MW-01, MW-02, MW-05).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from aws_cdk import ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from policies.constants import (
    DLQ_RETENTION_DAYS,
    LAMBDA_ARCHITECTURE,
    LAMBDA_RUNTIME,
    LOG_RETENTION_DAYS,
    MAX_RECEIVE_COUNT,
)
from stacks.acknowledgments import acknowledge

ACKNOWLEDGMENT_EXPIRY = "2027-05-31"
LAMBDAS_DIR = Path(__file__).resolve().parent.parent / "lambdas"
LAMBDA_ASSET_EXCLUDES = ("**/__pycache__", "**/*.pyc", "**/.mypy_cache", "**/.pytest_cache", "**/tests")

_RUNTIMES = {runtime.name: runtime for runtime in (lambda_.Runtime.PYTHON_3_11,)}
_ARCHITECTURES = {arch.name: arch for arch in (lambda_.Architecture.ARM_64,)}
_RETENTION = {
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    90: logs.RetentionDays.THREE_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
}


def kms_key(scope: Construct, construct_id: str, *, description: str) -> kms.Key:
    """A customer-managed key with yearly rotation, kept when the stack is deleted."""
    return kms.Key(
        scope,
        construct_id,
        description=description,
        enable_key_rotation=True,
        removal_policy=RemovalPolicy.RETAIN,
    )


def allow_cloudwatch_logs(key: kms.Key) -> None:
    """Let CloudWatch Logs use `key` for this account's log groups, and for nothing else."""
    stack = Stack.of(key)
    key.add_to_resource_policy(
        iam.PolicyStatement(
            sid="AllowCloudWatchLogsOfThisAccount",
            principals=[iam.ServicePrincipal(f"logs.{stack.region}.amazonaws.com")],
            actions=[
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:Describe*",
            ],
            resources=["*"],
            conditions={
                "ArnLike": {
                    "kms:EncryptionContext:aws:logs:arn": stack.format_arn(
                        service="logs",
                        resource="log-group",
                        resource_name="*",
                        arn_format=ArnFormat.COLON_RESOURCE_NAME,
                    )
                }
            },
        )
    )


def log_group(
    scope: Construct,
    construct_id: str,
    *,
    encryption_key: kms.IKey,
    log_group_name: str | None = None,
) -> logs.LogGroup:
    """A log group kept `LOG_RETENTION_DAYS` days, encrypted with a customer-managed key."""
    return logs.LogGroup(
        scope,
        construct_id,
        log_group_name=log_group_name,
        encryption_key=encryption_key,
        retention=_RETENTION[LOG_RETENTION_DAYS],
        removal_policy=RemovalPolicy.RETAIN,
    )


def dead_letter_queue(
    scope: Construct, construct_id: str, *, encryption_key: kms.IKey, fed_by: str, fed_by_queue: bool
) -> sqs.Queue:
    """A KMS-encrypted, TLS-only queue that keeps failed messages `DLQ_RETENTION_DAYS` days.

    `fed_by` names what moves failed messages here; `fed_by_queue` says whether that is another
    queue's redrive policy (which cdk-nag recognises as DLQ use) or something else, e.g. an SNS
    subscription or a function writing to it (which it does not).
    """
    dlq = sqs.Queue(
        scope,
        construct_id,
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=encryption_key,
        enforce_ssl=True,
        retention_period=Duration.days(DLQ_RETENTION_DAYS),
    )
    reason = (
        f"This queue is the dead-letter queue of {fed_by}: the last stop of the redrive chain, alarmed "
        "when a message is visible and replayed by the documented command, so it has no DLQ of its own."
    )
    acknowledge(dlq, "Serverless-SQSRedrivePolicy", reason=reason, expires=ACKNOWLEDGMENT_EXPIRY)
    if not fed_by_queue:
        acknowledge(dlq, "AwsSolutions-SQS3", reason=reason, expires=ACKNOWLEDGMENT_EXPIRY)
    return dlq


def queue(
    scope: Construct,
    construct_id: str,
    *,
    encryption_key: kms.IKey,
    visibility_timeout: Duration,
    dead_letter_queue: sqs.IQueue,
) -> sqs.Queue:
    """A KMS-encrypted, TLS-only queue moving a message to `dead_letter_queue` after MAX_RECEIVE_COUNT."""
    return sqs.Queue(
        scope,
        construct_id,
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=encryption_key,
        enforce_ssl=True,
        visibility_timeout=visibility_timeout,
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter_queue, max_receive_count=MAX_RECEIVE_COUNT),
    )


def topic(scope: Construct, construct_id: str, *, encryption_key: kms.IKey, display_name: str) -> sns.Topic:
    """A KMS-encrypted SNS topic whose policy denies publishing without TLS."""
    return sns.Topic(
        scope, construct_id, display_name=display_name, master_key=encryption_key, enforce_ssl=True
    )


def function_role(scope: Construct, construct_id: str, *, description: str) -> tuple[iam.Role, iam.IRole]:
    """A role only Lambda may assume, with no managed policy.

    Returns the role and an immutable reference to it to hand to the function: CDK's automatic
    grants (tracing, event sources, log groups) then add nothing, so the role holds exactly the
    statements of the customer-managed policy its owner attaches (MW-05).
    """
    role = iam.Role(
        scope,
        construct_id,
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        description=description,
    )
    return role, iam.Role.from_role_arn(scope, f"{construct_id}Reference", role.role_arn, mutable=False)


def lambda_code() -> lambda_.Code:
    """The whole `lambdas/` directory as one asset shared by every function (MW-01)."""
    return lambda_.Code.from_asset(str(LAMBDAS_DIR), exclude=list(LAMBDA_ASSET_EXCLUDES))


def python_function(
    scope: Construct,
    construct_id: str,
    *,
    handler: str,
    role: iam.IRole,
    log_group: logs.ILogGroup,
    environment: Mapping[str, str],
    timeout: Duration,
    memory_size: int,
    reserved_concurrency: int,
    description: str,
    function_name: str,
    environment_key: kms.IKey,
    code: lambda_.Code | None = None,
) -> lambda_.Function:
    """A Python function on arm64 with reserved concurrency, X-Ray, its own log group and its
    environment encrypted with a customer-managed key (its role needs `environment_decrypt_statement`).
    """
    return lambda_.Function(
        scope,
        construct_id,
        function_name=function_name,
        environment_encryption=environment_key,
        runtime=_RUNTIMES[LAMBDA_RUNTIME],
        architecture=_ARCHITECTURES[LAMBDA_ARCHITECTURE],
        code=code or lambda_code(),
        handler=handler,
        role=role,
        log_group=log_group,
        environment=dict(environment),
        timeout=timeout,
        memory_size=memory_size,
        reserved_concurrent_executions=reserved_concurrency,
        tracing=lambda_.Tracing.ACTIVE,
        description=description,
    )


def log_write_statement(group: logs.ILogGroup) -> iam.PolicyStatement:
    """Writing to one log group only (MW-05: each function may write only its own log group)."""
    return iam.PolicyStatement(
        sid="WriteOwnLogGroup",
        actions=["logs:CreateLogStream", "logs:PutLogEvents"],
        resources=[group.log_group_arn],
    )


def environment_decrypt_statement(*, key: kms.IKey, function_name: str) -> iam.PolicyStatement:
    """Lambda decrypting this one function's environment variables at start-up with its role."""
    stack = Stack.of(key)
    function_arn = stack.format_arn(
        service="lambda",
        resource="function",
        resource_name=function_name,
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
    return iam.PolicyStatement(
        sid="DecryptOwnEnvironment",
        actions=["kms:Decrypt"],
        resources=[key.key_arn],
        conditions={"StringEquals": {"kms:EncryptionContext:aws:lambda:FunctionArn": function_arn}},
    )


def xray_write_statement() -> iam.PolicyStatement:
    """Sending X-Ray segments, which AWS cannot scope to a resource."""
    return iam.PolicyStatement(
        sid="WriteXRaySegments",
        actions=["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
        resources=["*"],
    )


def kms_statement(
    sid: str, *, key: kms.IKey, actions: Sequence[str], via_services: Sequence[str]
) -> iam.PolicyStatement:
    """Using `key` only through the named AWS services (`kms:ViaService`)."""
    stack = Stack.of(key)
    return iam.PolicyStatement(
        sid=sid,
        actions=list(actions),
        resources=[key.key_arn],
        conditions={
            "StringEquals": {
                "kms:ViaService": [f"{service}.{stack.region}.amazonaws.com" for service in via_services]
            }
        },
    )


def dynamodb_table(
    scope: Construct,
    construct_id: str,
    *,
    table_name: str,
    partition_key: str,
    sort_key: str | None,
    encryption_key: kms.IKey,
    deletion_protection: bool,
    time_to_live_attribute: str | None = None,
) -> dynamodb.Table:
    """An on-demand table with PITR, a customer-managed key, retained on stack deletion (MW-06)."""
    return dynamodb.Table(
        scope,
        construct_id,
        table_name=table_name,
        partition_key=dynamodb.Attribute(name=partition_key, type=dynamodb.AttributeType.STRING),
        sort_key=dynamodb.Attribute(name=sort_key, type=dynamodb.AttributeType.STRING) if sort_key else None,
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryption_key=encryption_key,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        deletion_protection=deletion_protection,
        time_to_live_attribute=time_to_live_attribute,
        removal_policy=RemovalPolicy.RETAIN,
    )
