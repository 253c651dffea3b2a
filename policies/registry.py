"""The claims registry (GT-04): every MW, WH and TX claim, the PCI DSS v4.0 requirements it
supports, and the automated verifiers that check it.

A verifier is `kind:id`: `checkov:<check id>`, `nag:<cdk-nag rule id>`, `cfn-lint:<rule id>`,
`test:<pytest file or node id>` or `inventory:observed-calls` (MW-05: each function's role against
the AWS calls the end-to-end tests observed it make, tools/gate/least_privilege.py). The project's
own Checkov checks declare the claims they verify (`CLAIMS` in each module of `policies/checkov`);
`claims()` adds them from there, so a check and the registry can never disagree. `BUILT_IN_CHECKS`
maps Checkov's own CloudFormation checks to the claims they support (their passes are evidence in
the matrix; their failures fail the gate either way). The entries below list the other verifiers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

CHECKS_DIR = Path(__file__).parent / "checkov"
VERIFIER_KINDS = ("checkov", "nag", "cfn-lint", "test", "inventory")


@dataclass(frozen=True, kw_only=True)
class Claim:
    id: str
    statement: str
    pci_dss: tuple[str, ...]
    verifiers: tuple[str, ...]


def _entry(
    statement: str, pci_dss: tuple[str, ...], *verifiers: str
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return statement, pci_dss, verifiers


UNIT = "test:tests/unit/"
E2E = "test:tests/e2e/"

# claim id -> (statement, PCI DSS v4.0 requirements, verifiers besides the custom Checkov checks)
ENTRIES: Mapping[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "MW-01": _entry(
        "Every Lambda function runs python3.11 on arm64 with code from a file under lambdas/",
        ("2.2.1", "6.3.3"),
        "cfn-lint:W2531",
        "nag:FinTech-LambdaCodeAsset",
        f"{UNIT}test_webhook_functions.py",
        f"{UNIT}test_webapp_validator.py",
    ),
    "MW-02": _entry(
        "Every log group has 30-day retention and a customer-managed KMS key; no implicit log group",
        ("10.2.1", "10.3.2", "10.3.3"),
        "nag:AwsSolutions-APIG1",
        "nag:AwsSolutions-VPC7",
    ),
    "MW-03": _entry(
        "Data at rest is encrypted with rotating customer-managed KMS keys; exceptions named",
        ("3.5.1", "3.6.1", "3.7.4"),
        "nag:AwsSolutions-SQS2",
        "nag:AwsSolutions-SMG4",
        f"{UNIT}test_webhook_encryption.py",
    ),
    "MW-04": _entry(
        "TLS-only topics, queues and buckets; public endpoints HTTPS with TLS 1.2+",
        ("4.2.1",),
        "nag:AwsSolutions-SQS4",
        "nag:AwsSolutions-SNS3",
        "nag:AwsSolutions-S10",
        "nag:AwsSolutions-CFR4",
    ),
    "MW-05": _entry(
        "One role per function or task; no wildcard actions; `*` resources only where AWS cannot scope",
        ("7.2.1", "7.2.2", "7.2.5"),
        "nag:AwsSolutions-IAM4",
        "nag:AwsSolutions-IAM5",
        "inventory:observed-calls",
        "nag:FinTech-OwnRole",
        "nag:FinTech-NoGrantPolicy",
        f"{UNIT}test_webhook_iam.py",
        f"{E2E}test_validator_calls.py",
    ),
    "MW-06": _entry(
        "Stateful resources retained on stack deletion; deletion protection in prod",
        ("3.2.1", "10.5.1"),
        "cfn-lint:W3011",
        "nag:AwsSolutions-RDS10",
    ),
    "MW-07": _entry(
        "Environment, Team, CostCenter, Application tags on every taggable resource",
        ("12.5.1",),
        f"{UNIT}test_webhook_tags.py",
        f"{UNIT}test_webapp_mission_wide.py",
    ),
    "MW-08": _entry(
        "No secret in plain text; secrets in Secrets Manager, read at run time",
        ("3.6.1", "8.3.2", "8.6.2"),
        "cfn-lint:W2501",
        "nag:AwsSolutions-ECS2",
        f"{UNIT}test_webhook_secrets.py",
        f"{UNIT}test_webhook_handler_secret.py",
    ),
    "MW-09": _entry(
        "dev and prod synthesize from the same code; differences only in configuration",
        ("6.5.1", "6.5.3"),
        "nag:FinTech-EnvParity",
        f"{UNIT}test_config.py",
        f"{UNIT}test_webapp_config.py",
        f"{UNIT}test_app.py",
    ),
    "WH-01": _entry(
        "Regional REST API with exactly one method, POST /webhook, proxying to webhook_handler",
        ("1.2.5", "2.2.4"),
        f"{UNIT}test_webhook_api.py",
    ),
    "WH-02": _entry(
        "POST /webhook requires an API key bound to the stage by a usage plan",
        ("7.2.1", "8.3.1"),
        f"{UNIT}test_webhook_api.py",
    ),
    "WH-03": _entry(
        "Stage and usage plan throttle at 1000 requests/s, burst 2000",
        ("6.4.2",),
        f"{UNIT}test_webhook_api.py",
    ),
    "WH-04": _entry(
        "The API validates the body against a JSON Schema model before the function runs",
        ("6.2.4",),
        "nag:AwsSolutions-APIG2",
        f"{UNIT}test_webhook_api.py",
    ),
    "WH-05": _entry(
        "JSON access logs, no data trace, X-Ray, WAF with rate rule and managed rule groups",
        ("6.4.2", "10.2.1", "10.2.2"),
        "nag:AwsSolutions-APIG3",
        "nag:AwsSolutions-APIG6",
        f"{UNIT}test_webhook_waf.py",
    ),
    "WH-06": _entry(
        "Three functions with reserved concurrency consistent with the throttle (Little's law)",
        ("6.4.2",),
        f"{UNIT}test_webhook_capacity.py",
        f"{UNIT}test_webhook_functions.py",
    ),
    "WH-07": _entry(
        "Encrypted TLS-only topic; attributes on every publish; processor filtered to pending/completed",
        ("3.5.1", "4.2.1"),
        "nag:AwsSolutions-SNS3",
        f"{UNIT}test_webhook_filtering.py",
        f"{UNIT}test_webhook_handler_publish.py",
    ),
    "WH-08": _entry(
        "Per-consumer encrypted queues with DLQs, 3 retries, partial batch responses, safe timeouts",
        ("3.5.1", "10.7.2"),
        "nag:AwsSolutions-SQS3",
        f"{UNIT}test_webhook_messaging.py",
        f"{UNIT}test_fintech_common_sqs_batch.py",
        f"{E2E}test_conservation.py",
    ),
    "WH-09": _entry(
        "webhook_handler parks unpublishable events in its DLQ; nothing answered 2xx is lost; replay command",
        ("10.7.2", "12.10.1"),
        "nag:FinTech-DlqReplayOutputs",
        f"{UNIT}test_webhook_handler_publish.py",
        f"{UNIT}test_webhook_handler_handler.py",
        f"{UNIT}test_replay_dlq.py",
        f"{E2E}test_conservation.py",
    ),
    "WH-10": _entry(
        "transactions and audit_logs tables: keys, on-demand, PITR, CMK, deletion protection, retained",
        ("3.5.1", "10.5.1"),
        "nag:AwsSolutions-DDB3",
        f"{UNIT}test_webhook_tables.py",
    ),
    "WH-11": _entry(
        "webhook_handler validates again: size, types, ISO 4217 amounts as Decimal, no card "
        "numbers; 4xx naming the field",
        ("3.2.1", "6.2.4"),
        f"{UNIT}test_webhook_handler_validation.py",
        f"{UNIT}test_webhook_handler_properties.py",
        f"{UNIT}test_fintech_common_cards.py",
        f"{UNIT}test_fintech_common_money.py",
        f"{UNIT}test_fintech_common_currencies.py",
        f"{UNIT}test_hostile_webhook_handler.py",
        f"{UNIT}test_hostile_webhook_fields.py",
    ),
    "WH-12": _entry(
        "HMAC-SHA256 signature with timestamp tolerance and rotation; secret from Secrets Manager; "
        "401 otherwise",
        ("6.2.4", "8.3.1"),
        f"{UNIT}test_webhook_handler_signature.py",
        f"{UNIT}test_webhook_handler_secret.py",
        f"{UNIT}test_hostile_webhook_signature.py",
        f"{UNIT}test_hostile_webhook_handler.py",
    ),
    "WH-13": _entry(
        "Duplicates (webhook or queue message) yield exactly one row per event",
        ("6.2.4",),
        f"{UNIT}test_fintech_common_dynamo.py",
        f"{UNIT}test_transaction_processor.py",
        f"{E2E}test_pipeline_moto.py",
        f"{E2E}test_conservation.py",
    ),
    "WH-14": _entry(
        "Append-only audit log: audit_logger may only PutItem, never swallows failures; no TTL",
        ("10.2.1", "10.3.2", "10.5.1"),
        f"{UNIT}test_audit_logger.py",
        f"{UNIT}test_audit_logger_properties.py",
        f"{UNIT}test_webhook_iam.py",
        f"{UNIT}test_hostile_sqs_consumers.py",
        f"{E2E}test_conservation.py",
    ),
    "WH-15": _entry(
        "Success and failure counts as embedded metric format in one namespace; no PutMetricData",
        ("10.4.1",),
        f"{UNIT}test_fintech_common_emf.py",
        f"{E2E}test_hot_path_calls.py",
    ),
    "WH-16": _entry(
        "Alarms with actions on an encrypted topic: error rate, DLQs, function errors/throttles, "
        "API 5XX, latency",
        ("10.4.1", "10.7.2", "12.10.5"),
        f"{UNIT}test_webhook_alarms.py",
    ),
    "WH-17": _entry(
        "A dashboard of the pipeline's traffic, errors, DLQ depths, functions and API",
        ("10.4.1",),
        f"{UNIT}test_webhook_dashboard.py",
    ),
    "TX-01": _entry(
        "3-AZ VPC, three subnet tiers, NAT per AZ in prod, flow logs, closed default security group",
        ("1.2.1", "1.3.1", "1.4.1", "10.2.1"),
        "nag:AwsSolutions-VPC7",
        f"{UNIT}test_webapp_network.py",
    ),
    "TX-02": _entry(
        "Security groups: internet to ALB 443/80 only, ALB to tasks, tasks to database",
        ("1.2.1", "1.3.1", "1.3.2", "1.4.2"),
        "nag:AwsSolutions-EC23",
        f"{UNIT}test_webapp_security_groups.py",
    ),
    "TX-03": _entry(
        "Aurora PostgreSQL: supported engine, writer + reader, isolated, CMK, backups, IAM auth, "
        "logs, rotated credentials",
        ("3.5.1", "8.3.2", "8.6.3", "10.2.1"),
        "nag:AwsSolutions-RDS6",
        "nag:AwsSolutions-RDS10",
        "nag:AwsSolutions-SMG4",
        f"{UNIT}test_webapp_database.py",
    ),
    "TX-04": _entry(
        "sessions table: sessionId key, TTL, on-demand, PITR, CMK",
        ("3.5.1", "8.2.8"),
        "nag:AwsSolutions-DDB3",
        f"{UNIT}test_webapp_sessions.py",
    ),
    "TX-05": _entry(
        "Assets bucket: versioned, private, TLS-only, access-logged, noncurrent expiry, CloudFront OAC only",
        ("1.3.1", "3.5.1", "4.2.1", "10.2.1"),
        "nag:AwsSolutions-S1",
        "nag:AwsSolutions-S10",
        f"{UNIT}test_webapp_storage.py",
    ),
    "TX-06": _entry(
        "CloudFront: HTTPS only, TLS 1.2 with custom domain, HTTP/2+3, compression, logs, WAF, "
        "security headers",
        ("4.2.1", "6.4.2", "6.4.3", "10.2.1"),
        "nag:AwsSolutions-CFR3",
        "nag:AwsSolutions-CFR4",
        f"{UNIT}test_webapp_cdn.py",
    ),
    "TX-07": _entry(
        "ALB: drops invalid headers, 80 redirects to 443, TLS 1.2+ certificate, logs, WAF, "
        "deletion protection",
        ("4.2.1", "6.4.2", "10.2.1"),
        "nag:AwsSolutions-ELB2",
        f"{UNIT}test_webapp_load_balancer.py",
    ),
    "TX-08": _entry(
        "ECS Fargate: Container Insights, >= 2 private tasks, Spot mix, circuit breaker, autoscaling 2-10",
        ("1.3.1", "2.2.1"),
        "nag:AwsSolutions-ECS4",
        f"{UNIT}test_webapp_service.py",
    ),
    "TX-09": _entry(
        "Separate execution and task roles; DB credentials as ECS secrets; scoped task role; logs; "
        "read-only root",
        ("7.2.1", "7.2.2", "8.6.2", "10.2.1"),
        "nag:AwsSolutions-ECS2",
        f"{UNIT}test_webapp_task.py",
    ),
    "TX-10": _entry(
        "Validation function returns structured verdicts on Decimal amounts; reserved concurrency; "
        "web tier only",
        ("6.2.4", "7.2.1"),
        f"{UNIT}test_transaction_validator.py",
        f"{UNIT}test_transaction_validator_properties.py",
        f"{UNIT}test_webapp_validator.py",
        f"{E2E}test_validator_calls.py",
        f"{UNIT}test_hostile_transaction_validator.py",
    ),
    "TX-11": _entry(
        "Encrypted alerts topic with configured e-mail; ECS, Lambda, ALB, Aurora alarms; dashboard",
        ("10.4.1", "10.7.2"),
        f"{UNIT}test_webapp_monitoring.py",
    ),
    "TX-12": _entry(
        "Outputs for ALB, CloudFront, database, validator, sessions table; "
        "export names carry the environment",
        ("12.5.1",),
        "nag:FinTech-OperatorOutputs",
        f"{UNIT}test_webapp_outputs.py",
    ),
}


# claim id -> Checkov built-in checks that evaluate part of it (each must evaluate a resource of the
# app: tests/compliance/test_app_checkov.py)
BUILT_IN_CHECKS: Mapping[str, tuple[str, ...]] = {
    "MW-01": ("CKV_AWS_363",),
    "MW-02": ("CKV_AWS_66", "CKV_AWS_158"),
    "MW-03": (
        "CKV_AWS_7", "CKV_AWS_19", "CKV_AWS_26", "CKV_AWS_27", "CKV_AWS_96", "CKV_AWS_119",
        "CKV_AWS_149", "CKV_AWS_173",
    ),
    "MW-04": ("CKV_AWS_2", "CKV_AWS_34", "CKV_AWS_103", "CKV2_AWS_69", "CKV2_AWS_72"),
    "MW-05": (
        "CKV_AWS_33", "CKV_AWS_60", "CKV_AWS_61", "CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_107",
        "CKV_AWS_108", "CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111", "CKV_AWS_364",
    ),
    "MW-08": ("CKV_AWS_45",),
    "WH-02": ("CKV_AWS_59",),
    "WH-05": ("CKV_AWS_73", "CKV_AWS_76", "CKV_AWS_192"),
    "WH-06": ("CKV_AWS_115",),
    "WH-10": ("CKV_AWS_28", "CKV_AWS_119"),
    "TX-01": ("CKV_AWS_24", "CKV_AWS_25"),
    "TX-02": ("CKV_AWS_23", "CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260"),
    "TX-03": ("CKV_AWS_17", "CKV_AWS_96", "CKV_AWS_162"),
    "TX-04": ("CKV_AWS_28", "CKV_AWS_119"),
    "TX-05": (
        "CKV_AWS_18", "CKV_AWS_20", "CKV_AWS_21", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55",
        "CKV_AWS_56", "CKV_AWS_57",
    ),
    "TX-06": ("CKV_AWS_34", "CKV_AWS_68", "CKV_AWS_86", "CKV2_AWS_72"),
    "TX-07": ("CKV_AWS_2", "CKV_AWS_91", "CKV_AWS_103", "CKV_AWS_131"),
    "TX-08": ("CKV_AWS_65", "CKV_AWS_97"),
    "TX-10": ("CKV_AWS_115",),
}  # fmt: skip


def custom_check_claims(checks_dir: Path = CHECKS_DIR) -> dict[str, tuple[str, ...]]:
    """Check id -> the claims it verifies, read from the check modules' source (no Checkov import)."""
    found: dict[str, tuple[str, ...]] = {}
    for path in sorted(checks_dir.glob("*.py")):
        check_id, claims = _declared(ast.parse(path.read_text(encoding="utf-8")))
        if check_id and claims:
            found[check_id] = claims
    return found


def _declared(tree: ast.Module) -> tuple[str, tuple[str, ...]]:
    check_id, claims = "", ()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "CLAIMS" for t in node.targets
        ):
            claims = tuple(ast.literal_eval(node.value))
        if isinstance(node, ast.keyword) and node.arg == "id" and isinstance(node.value, ast.Constant):
            check_id = str(node.value.value)
    return check_id, claims


def claims(check_claims: Mapping[str, Iterable[str]] | None = None) -> tuple[Claim, ...]:
    """Every registered claim, its verifiers completed with the Checkov checks that cite it."""
    by_check = custom_check_claims() if check_claims is None else check_claims
    result = []
    for claim_id, (statement, pci_dss, verifiers) in ENTRIES.items():
        checkov = tuple(
            f"checkov:{c}" for c, cited in sorted(by_check.items(), key=_check_order) if claim_id in cited
        ) + tuple(f"checkov:{c}" for c in BUILT_IN_CHECKS.get(claim_id, ()))
        result.append(Claim(id=claim_id, statement=statement, pci_dss=pci_dss, verifiers=checkov + verifiers))
    return tuple(result)


def _check_order(item: tuple[str, Iterable[str]]) -> tuple[str, int]:
    prefix, _, number = item[0].rpartition("_")
    return prefix, int(number) if number.isdigit() else 0
