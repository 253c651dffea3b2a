"""The project's Checkov checks as a catalogue: their ids, their claims and how they are named."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.compliance.checkov.scan import CHECKS, ROOT, CheckovScan, check_modules

REQUIREMENTS = ROOT.parent / "shared" / "REQUIREMENTS.md"
CLAIM_ROW = re.compile(r"^\|\s*((?:MW|WH|TX|GT)-\d{2})\s*\|", re.MULTILINE)
CLAIM_ID = re.compile(r"\b(?:MW|WH|TX|GT)-\d{2}\b")

PINNED = {
    "CKV_FIN_1": "lambda_runtime_python311",
    "CKV_FIN_2": "lambda_architecture_arm64",
    "CKV_FIN_3": "lambda_code_not_inline",
    "CKV_FIN_4": "log_group_retention",
    "CKV_FIN_5": "log_group_kms_encrypted",
    "CKV_FIN_6": "lambda_explicit_log_group",
    "CKV_FIN_7": "dynamodb_table_cmk",
    "CKV_FIN_8": "sqs_queue_cmk",
    "CKV_FIN_9": "sns_topic_cmk",
    "CKV_FIN_10": "secret_cmk",
    "CKV_FIN_11": "rds_cluster_cmk",
    "CKV_FIN_12": "kms_key_rotation",
    "CKV_FIN_13": "s3_bucket_kms_or_named_exception",
    "CKV_FIN_14": "policy_denies_insecure_transport",
    "CKV_FIN_15": "api_tls12_security_policy",
    "CKV_FIN_16": "iam_no_wildcard_actions",
    "CKV_FIN_17": "iam_wildcard_resource_unscopable_only",
    "CKV_FIN_18": "iam_role_no_aws_managed_policies",
    "CKV_FIN_19": "stateful_resource_retained",
    "CKV_FIN_20": "dynamodb_deletion_protection",
    "CKV_FIN_21": "rds_cluster_deletion_protection_prod",
    "CKV_FIN_22": "required_tags",
    "CKV_FIN_23": "no_plaintext_secret_in_environment",
    "CKV_FIN_24": "rds_cluster_password_from_secrets_manager",
    "CKV_FIN_25": "api_regional_endpoint",
    "CKV_FIN_26": "api_method_requires_api_key",
    "CKV_FIN_27": "api_stage_throttling",
    "CKV_FIN_28": "usage_plan_throttling",
    "CKV_FIN_29": "api_method_validates_body",
    "CKV_FIN_30": "api_stage_tracing",
    "CKV_FIN_31": "api_stage_json_access_logs",
    "CKV_FIN_32": "api_no_data_trace",
    "CKV_FIN_33": "lambda_active_tracing",
    "CKV_FIN_34": "lambda_reserved_concurrency",
    "CKV_FIN_35": "sqs_max_receive_count",
    "CKV_FIN_36": "event_source_partial_batch_response",
    "CKV_FIN_37": "event_source_max_concurrency",
    "CKV_FIN_38": "sns_sqs_subscription_dead_letter",
    "CKV_FIN_39": "sns_sqs_subscription_raw_delivery",
    "CKV_FIN_40": "dynamodb_on_demand",
    "CKV_FIN_41": "dynamodb_point_in_time_recovery",
    "CKV_FIN_42": "alarm_has_action",
    "CKV_FIN_43": "flow_log_all_traffic",
    "CKV_FIN_44": "flow_log_to_log_group",
    "CKV_FIN_45": "security_group_public_ingress_web_only",
    "CKV_FIN_46": "rds_cluster_aurora_postgresql",
    "CKV_FIN_47": "rds_cluster_backup_retention",
    "CKV_FIN_48": "rds_cluster_iam_auth",
    "CKV_FIN_49": "rds_cluster_postgresql_logs_exported",
    "CKV_FIN_50": "rds_performance_insights_cmk",
    "CKV_FIN_51": "s3_bucket_versioning",
    "CKV_FIN_52": "s3_bucket_public_access_block",
    "CKV_FIN_53": "s3_bucket_access_logging",
    "CKV_FIN_54": "s3_noncurrent_version_expiry",
    "CKV_FIN_55": "cloudfront_https_only",
    "CKV_FIN_56": "cloudfront_tls_policy",
    "CKV_FIN_57": "cloudfront_http2_and_http3",
    "CKV_FIN_58": "cloudfront_compression",
    "CKV_FIN_59": "cloudfront_access_logging",
    "CKV_FIN_60": "cloudfront_web_acl",
    "CKV_FIN_61": "cloudfront_security_headers",
    "CKV_FIN_62": "cloudfront_origin_access_control",
    "CKV_FIN_63": "alb_internet_facing",
    "CKV_FIN_64": "alb_drops_invalid_headers",
    "CKV_FIN_65": "alb_access_logs",
    "CKV_FIN_66": "alb_deletion_protection_prod",
    "CKV_FIN_67": "alb_https_listener_tls12",
    "CKV_FIN_68": "alb_http_listener_redirects",
    "CKV_FIN_69": "target_group_health_check",
    "CKV_FIN_70": "ecs_cluster_container_insights",
    "CKV_FIN_71": "ecs_service_no_public_ip",
    "CKV_FIN_72": "ecs_service_min_tasks",
    "CKV_FIN_73": "ecs_service_circuit_breaker",
    "CKV_FIN_74": "ecs_service_fargate_capacity",
    "CKV_FIN_75": "ecs_scalable_target_bounds",
    "CKV_FIN_76": "ecs_scaling_policy_targets",
    "CKV_FIN_77": "ecs_task_separate_roles",
    "CKV_FIN_78": "ecs_task_secrets_not_in_environment",
    "CKV_FIN_79": "ecs_task_readonly_root",
    "CKV_FIN_80": "ecs_task_awslogs",
    "CKV_FIN_81": "webhook_handler_own_dead_letter_queue",
    "CKV_FIN_82": "webhook_handler_sends_only_to_its_dlq",
    "CKV_FIN_83": "dead_letter_queue_retention",
    "CKV_FIN_84": "webhook_handler_signing_secret_reference",
    "CKV_FIN_85": "webhook_handler_reads_only_its_secret",
    "CKV_FIN_86": "signing_secret_plain_value",
    "CKV_FIN_87": "consumer_names_idempotent_table",
    "CKV_FIN_88": "idempotent_table_key_schema",
    "CKV_FIN_89": "audit_log_writers",
    "CKV_FIN_90": "audit_log_resource_policy_append_only",
    "CKV_FIN_91": "audit_log_no_ttl",
    "CKV_FIN_92": "pipeline_metrics_namespace",
    "CKV_FIN_93": "pipeline_roles_no_put_metric_data",
    "CKV_FIN_94": "webhook_dashboard_coverage",
}


def catalogue(scan: CheckovScan) -> dict[str, dict[str, object]]:
    return {check["id"]: check for check in scan.custom_checks}


def test_custom_check_ids_are_pinned(checkov_scan: CheckovScan) -> None:
    # GIVEN the checks Checkov loaded from policies/checkov, THEN they are exactly the pinned ones
    modules = {
        check_id: Path(str(check["module"])).stem for check_id, check in catalogue(checkov_scan).items()
    }

    assert modules == PINNED


def test_every_check_module_registers_a_check() -> None:
    assert sorted(PINNED.values()) == check_modules()


def test_every_check_name_starts_with_ensure(checkov_scan: CheckovScan) -> None:
    misnamed = [
        check["id"] for check in checkov_scan.custom_checks if not str(check["name"]).startswith("Ensure ")
    ]

    assert misnamed == []


def test_every_check_claims_ids_of_the_requirements(checkov_scan: CheckovScan) -> None:
    # GIVEN the claim ids of the requirements catalogue (MW/WH/TX; GT claims are about the gate)
    if not REQUIREMENTS.exists():
        pytest.skip(f"{REQUIREMENTS} is absent: no claim ids to check against")
    known = {
        claim for claim in CLAIM_ROW.findall(REQUIREMENTS.read_text(encoding="utf-8")) if claim[:2] != "GT"
    }
    # THEN every check claims at least one of them and nothing else
    wrong = {
        check["id"]: check["claims"]
        for check in checkov_scan.custom_checks
        if not check["claims"] or not set(check["claims"]) <= known
    }

    assert wrong == {}


@pytest.mark.parametrize("module", check_modules())
def test_module_docstring_names_the_claims_the_check_declares(checkov_scan: CheckovScan, module: str) -> None:
    # GIVEN the claims a module's docstring names and the CLAIMS its check declares
    docstring = ast.get_docstring(ast.parse((CHECKS / f"{module}.py").read_text(encoding="utf-8"))) or ""
    declared = next(
        check["claims"] for check in checkov_scan.custom_checks if Path(check["module"]).stem == module
    )
    # THEN they are the same claims
    assert set(CLAIM_ID.findall(docstring.split(":", 1)[0])) == set(declared)
