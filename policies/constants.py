"""The numbers the claims make, defined once.

Constructs read them to build the infrastructure, policies read them to verify it and the
claims registry quotes them. Changing one here changes all three (STYLE rule 3).
"""

from __future__ import annotations

from typing import Final

# MW-01
LAMBDA_RUNTIME: Final = "python3.11"
LAMBDA_ARCHITECTURE: Final = "arm64"

# MW-02
LOG_RETENTION_DAYS: Final = 30

# MW-04
MIN_TLS_VERSION: Final = "1.2"

# MW-07
REQUIRED_TAGS: Final = ("Environment", "Team", "CostCenter", "Application")

# WH-03
API_RATE_LIMIT_RPS: Final = 1000
API_BURST_LIMIT: Final = 2000

# WH-04 / WH-07
TRANSACTION_STATUSES: Final = ("pending", "completed", "failed")
PROCESSOR_STATUSES: Final = ("pending", "completed")

# WH-08 / WH-09: "3 retries" = 1 delivery + 3 redeliveries
RETRIES: Final = 3
MAX_RECEIVE_COUNT: Final = RETRIES + 1
VISIBILITY_TIMEOUT_FACTOR: Final = 6
DLQ_RETENTION_DAYS: Final = 14

# WH-12
SIGNATURE_TOLERANCE_SECONDS: Final = 300

# WH-15
METRICS_NAMESPACE: Final = "FinTech/Payments"

# WH-16
ERROR_RATE_THRESHOLD_PERCENT: Final = 1
ALARM_PERIOD_MINUTES: Final = 5

# WH-14 / PCI DSS 10.5.1: the audit trail is kept at least this long (no TTL on the table)
AUDIT_RETENTION_MONTHS: Final = 12

# TX-03
DB_BACKUP_RETENTION_DAYS: Final = 7

# TX-05
NONCURRENT_VERSION_EXPIRY_DAYS: Final = 30

# TX-08
ECS_MIN_TASKS: Final = 2
ECS_MAX_TASKS: Final = 10
ECS_SCALING_CPU_PERCENT: Final = 70
ECS_SCALING_MEMORY_PERCENT: Final = 70

# TX-11
ECS_ALARM_PERCENT: Final = 80

# --- webhook stack (WH-04, WH-05, WH-06, WH-08, WH-16; MW-04) ---
# WH-04: the API's JSON Schema model (the handler re-validates, WH-11)
TRANSACTION_ID_PATTERN: Final = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
CURRENCY_CODE_PATTERN: Final = "^[A-Z]{3}$"
# MW-04 / WH-05: TLS 1.2+ on the API's endpoint; WAF blocks one IP sending more than the stage's rate
API_TLS_SECURITY_POLICY: Final = "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09"
API_ENDPOINT_ACCESS_MODE: Final = "STRICT"
WAF_RATE_WINDOW_SECONDS: Final = 60
WAF_RATE_LIMIT_PER_IP: Final = API_RATE_LIMIT_RPS * WAF_RATE_WINDOW_SECONDS
# WH-06 / WH-08: function sizing; queue visibility = VISIBILITY_TIMEOUT_FACTOR x consumer timeout
WEBHOOK_HANDLER_TIMEOUT_SECONDS: Final = 25
CONSUMER_TIMEOUT_SECONDS: Final = 30
LAMBDA_MEMORY_MB: Final = 256
CONSUMER_BATCH_SIZE: Final = 10
# WH-16
API_P99_LATENCY_THRESHOLD_MS: Final = 1000

# --- transaction web app (TX-01..TX-12) ---
# TX-03: a currently supported engine; not the engine's default port (AwsSolutions-RDS11)
AURORA_POSTGRES_VERSION: Final = "17.9"
DB_PORT: Final = 5433
# TX-06: CloudFront, its CLOUDFRONT-scope web ACL and its certificates live in us-east-1
CLOUDFRONT_REGION: Final = "us-east-1"
CLOUDFRONT_TLS_POLICY: Final = "TLSv1.2_2021"
# TX-02 / TX-07: the ALB's listeners; TLS 1.2 and 1.3 only
HTTPS_PORT: Final = 443
HTTP_PORT: Final = 80
ALB_SSL_POLICY: Final = "ELBSecurityPolicy-TLS13-1-2-2021-06"
# TX-06 / TX-07: the web ACLs block one client IP sending more than this per window
WEBAPP_WAF_RATE_WINDOW_SECONDS: Final = 300
WEBAPP_WAF_RATE_LIMIT_PER_IP: Final = 2000
# TX-08: FARGATE_SPOT runs what exceeds the on-demand base
FARGATE_BASE_TASKS: Final = 1
# TX-10
VALIDATOR_TIMEOUT_SECONDS: Final = 5
# TX-11 (ECS thresholds: ECS_ALARM_PERCENT)
DB_CPU_ALARM_PERCENT: Final = 80
ALB_TARGET_5XX_ALARM_COUNT: Final = 5
# PCI DSS 10.5.1: access logs in S3 (ALB, CloudFront, S3 server access) kept more than 12 months
ACCESS_LOG_RETENTION_DAYS: Final = 400

# --- Checkov checks: conventions a resource shows in the template (MW-03, MW-06, TX-05) ---
# MW-03: a bucket that cannot use SSE-KMS names the reason in this CloudFormation Metadata key
ENCRYPTION_EXCEPTION_METADATA: Final = "fintech:encryption-exception"
MIN_EXCEPTION_REASON_CHARS: Final = 20
# TX-05: a bucket that receives access logs (and so logs nowhere itself) carries this Metadata key
LOG_BUCKET_METADATA: Final = "fintech:log-bucket"
# MW-06 / TX-03 / TX-07: the `Environment` tag value of the environment with deletion protection
PRODUCTION_ENVIRONMENT: Final = "prod"

# --- Checkov template verifiers of WH-09, WH-12, WH-13, WH-14, WH-15, WH-17 (CKV_FIN_81..) ---
# The pipeline's functions as the template shows them (their `Handler`) and what they read from
# their environment: the handler's DLQ (WH-09) and signing secret (WH-12), each consumer's table and
# the key attribute its conditional write relies on (WH-13), the EMF namespace (WH-15).
WEBHOOK_HANDLER: Final = "webhook_handler.handler.lambda_handler"
TRANSACTION_PROCESSOR: Final = "transaction_processor.handler.lambda_handler"
AUDIT_LOGGER: Final = "audit_logger.handler.lambda_handler"
PIPELINE_HANDLERS: Final = (WEBHOOK_HANDLER, TRANSACTION_PROCESSOR, AUDIT_LOGGER)
HANDLER_DLQ_VARIABLE: Final = "DLQ_URL"
SIGNING_SECRET_VARIABLE: Final = "SIGNING_SECRET_ARN"  # noqa: S105 (a variable name, not a secret)
METRICS_NAMESPACE_VARIABLE: Final = "METRICS_NAMESPACE"
TRANSACTIONS_TABLE_VARIABLE: Final = "TRANSACTIONS_TABLE"
AUDIT_TABLE_VARIABLE: Final = "AUDIT_TABLE"
# WH-10 / WH-13: handler -> (variable naming its table, the table's partition key); sort key below
IDEMPOTENT_WRITERS: Final = {
    TRANSACTION_PROCESSOR: (TRANSACTIONS_TABLE_VARIABLE, "transaction_id"),
    AUDIT_LOGGER: (AUDIT_TABLE_VARIABLE, "event_id"),
}
EVENT_TIME_KEY: Final = "timestamp"
# WH-14: what the audit table's resource policy denies everyone (PutItem is denied all but audit_logger)
AUDIT_LOG_DENIED_ACTIONS: Final = (
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLInsert",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
    "dynamodb:UpdateTimeToLive",
)
AUDIT_LOG_APPEND_ACTION: Final = "dynamodb:PutItem"
# WH-14: every way an IAM grant could change `audit_logs` or its guarantees (no role but audit_logger's
# may hold any; audit_logger's holds only AUDIT_LOG_APPEND_ACTION)
AUDIT_LOG_WRITE_ACTIONS: Final = (
    AUDIT_LOG_APPEND_ACTION,
    *AUDIT_LOG_DENIED_ACTIONS,
    "dynamodb:DeleteTable",
    "dynamodb:UpdateTable",
    "dynamodb:PutResourcePolicy",
    "dynamodb:DeleteResourcePolicy",
)
# WH-15 / WH-17: the counts the functions emit in METRICS_NAMESPACE
WEBHOOK_METRICS: Final = ("WebhooksAccepted", "WebhooksRefused")
TRANSACTION_METRICS: Final = ("TransactionsProcessed", "TransactionsFailed")

# --- the project's cdk-nag pack (GT-02, GT-05; verifies MW-01, MW-05, MW-09, TX-12, WH-09) ---
# Rule ids are "<NAG_PACK_NAME>-<rule>"; the pack records every evaluation in NAG_EVIDENCE_FILE
# in the cloud assembly, where the gate reads the passing ones.
NAG_PACK_NAME: Final = "FinTech"
NAG_EVIDENCE_FILE: Final = "fintech-nag-evaluations.json"
# MW-01: the directory (relative to the repository root) every function's code asset comes from
LAMBDA_CODE_DIR: Final = "lambdas"
# MW-09 / TX-12 / WH-09: stacks are "<system>-<environment>" (app.py)
WEBHOOK_SYSTEM: Final = "Webhook"
WEBAPP_SYSTEM: Final = "WebApp"
WEBAPP_EDGE_SYSTEM: Final = "WebAppEdge"
# WH-09: a DLQ's outputs are "<Name>Url" (the queue) and "<Name>ReplayTarget" (where replay sends to)
DLQ_URL_OUTPUT_SUFFIX: Final = "Url"
REPLAY_TARGET_OUTPUT_SUFFIX: Final = "ReplayTarget"
