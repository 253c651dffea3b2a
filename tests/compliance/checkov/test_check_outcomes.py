"""Every project Checkov check against its PASS and FAIL fixtures (GT-05).

For each check module, `fixtures/<module>/pass.json` shows the resources the check must pass and
`fail.json` the ones it must fail, one way of breaking the claim each; a resource named in neither
set below is one the check does not assess (e.g. a dev cluster for a prod-only claim).
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from tests.compliance.checkov.scan import CheckovScan, Outcome, check_modules


class Expect(NamedTuple):
    passing: set[str]
    failing: set[str]


EXPECTED = {
    # MW-01
    "lambda_runtime_python311": Expect(
        passing={"Python311Function"}, failing={"ImageFunction", "NodeFunction", "Python312Function"}
    ),
    "lambda_architecture_arm64": Expect(
        passing={"Arm64Function"}, failing={"DefaultArchitectureFunction", "X86Function"}
    ),
    "lambda_code_not_inline": Expect(passing={"AssetFunction"}, failing={"InlineFunction"}),
    # MW-02
    "log_group_retention": Expect(
        passing={"ThirtyDayLogGroup"},
        failing={"NeverExpiringLogGroup", "OneYearLogGroup", "SevenDayLogGroup"},
    ),
    "log_group_kms_encrypted": Expect(passing={"EncryptedLogGroup"}, failing={"UnencryptedLogGroup"}),
    "lambda_explicit_log_group": Expect(
        passing={"ExplicitLogGroupFunction"}, failing={"FormatOnlyFunction", "ImplicitLogGroupFunction"}
    ),
    # MW-03
    "dynamodb_table_cmk": Expect(
        passing={"CustomerKeyTable"},
        failing={"AwsManagedAliasTable", "AwsManagedKeyTable", "AwsOwnedKeyTable"},
    ),
    "sqs_queue_cmk": Expect(passing={"CustomerKeyQueue"}, failing={"AwsManagedKeyQueue", "SqsManagedQueue"}),
    "sns_topic_cmk": Expect(
        passing={"CustomerKeyTopic"},
        failing={"AwsManagedKeyArnTopic", "AwsManagedKeyTopic", "UnencryptedTopic"},
    ),
    "secret_cmk": Expect(passing={"CustomerKeySecret"}, failing={"AwsManagedKeySecret", "DefaultKeySecret"}),
    "rds_cluster_cmk": Expect(
        passing={"EncryptedCluster"}, failing={"AwsManagedKeyCluster", "UnencryptedCluster"}
    ),
    "kms_key_rotation": Expect(passing={"RotatingKey"}, failing={"DefaultRotationKey", "NonRotatingKey"}),
    "s3_bucket_kms_or_named_exception": Expect(
        passing={"CustomerKeyBucket", "DualLayerBucket", "NamedExceptionBucket"},
        failing={"AwsManagedKmsBucket", "NoEncryptionBucket", "ShortReasonBucket", "SseS3Bucket"},
    ),
    # MW-04
    "policy_denies_insecure_transport": Expect(
        passing={"TlsOnlyBucketPolicy", "TlsOnlyQueuePolicy", "TlsOnlyTopicPolicy"},
        failing={"AllowOnlyBucketPolicy", "OnePrincipalQueuePolicy", "OtherDenyTopicPolicy"},
    ),
    "api_tls12_security_policy": Expect(
        passing={"PrivateRestApi", "Tls12DomainName", "Tls12RestApi", "Tls13RestApi"},
        failing={"DefaultPolicyRestApi", "Tls10DomainName", "Tls10RestApi"},
    ),
    # MW-05
    "iam_no_wildcard_actions": Expect(
        passing={"DenyEverythingPolicy", "PartialWildcardManagedPolicy", "ScopedPolicy", "ScopedRole"},
        failing={"AdminPolicy", "NotActionManagedPolicy", "ServiceWidePolicy", "ServiceWideRole"},
    ),
    "iam_wildcard_resource_unscopable_only": Expect(
        passing={"EcrLoginManagedPolicy", "ScopedResourceRole", "TracingPolicy"},
        failing={"LogsEverywhereRole", "MetricsPolicy", "MixedPolicy", "NotResourceManagedPolicy"},
    ),
    "iam_role_no_aws_managed_policies": Expect(
        passing={"CustomerManagedPolicyRole", "OwnPoliciesRole"},
        failing={"BasicExecutionRole", "VpcAccessRole"},
    ),
    # MW-06
    "stateful_resource_retained": Expect(
        passing={
            "PropertylessRetainedBucket",
            "RetainExceptOnCreateBucket",
            "RetainedBucket",
            "RetainedCluster",
            "RetainedKey",
            "RetainedSecret",
            "RetainedTable",
        },
        failing={
            "DefaultPolicyKey",
            "DeletedTable",
            "PropertylessBucket",
            "ReplacedSecret",
            "SnapshotCluster",
        },
    ),
    "dynamodb_deletion_protection": Expect(
        passing={"ProtectedTable"}, failing={"DefaultProtectionTable", "UnprotectedTable"}
    ),
    "rds_cluster_deletion_protection_prod": Expect(
        passing={"ProtectedProdCluster"}, failing={"DefaultProtectionProdCluster", "UnprotectedProdCluster"}
    ),
    # MW-07
    "required_tags": Expect(
        passing={"TaggedCustomResource", "TaggedParameter", "TaggedQueue"},
        failing={"EmptyTagValueTable", "PartlyTaggedBucket", "UntaggedTopic"},
    ),
    # MW-08
    "no_plaintext_secret_in_environment": Expect(
        passing={"PlainConfigFunction", "ReferenceTaskDefinition", "SecretArnFunction"},
        failing={
            "AccessKeyFunction",
            "ApiTokenTaskDefinition",
            "LiteralPasswordFunction",
            "ResolvedSecretFunction",
        },
    ),
    "rds_cluster_password_from_secrets_manager": Expect(
        passing={"GeneratedSecretCluster", "ManagedPasswordCluster"},
        failing={"LiteralPasswordCluster", "SsmParameterPasswordCluster"},
    ),
    # WH-01
    "api_regional_endpoint": Expect(passing={"RegionalApi"}, failing={"DefaultEndpointApi", "EdgeApi"}),
    # WH-02
    "api_method_requires_api_key": Expect(
        passing={"KeyedPostMethod"}, failing={"DefaultGetMethod", "OpenPostMethod"}
    ),
    # WH-03
    "api_stage_throttling": Expect(
        passing={"ThrottledStage"}, failing={"HigherRateStage", "LooseMethodStage", "UnthrottledStage"}
    ),
    "usage_plan_throttling": Expect(passing={"ThrottledPlan"}, failing={"BurstOnlyPlan", "UnthrottledPlan"}),
    # WH-04
    "api_method_validates_body": Expect(
        passing={"ValidatedPostMethod"}, failing={"ModelOnlyPutMethod", "UnvalidatedPostMethod"}
    ),
    # WH-05
    "api_stage_tracing": Expect(passing={"TracedStage"}, failing={"TracingOffStage", "UntracedStage"}),
    "api_stage_json_access_logs": Expect(
        passing={"JsonLogStage", "NumericJsonLogStage"},
        failing={"ClfLogStage", "FormatWithoutDestinationStage", "NoAccessLogStage"},
    ),
    "api_no_data_trace": Expect(
        passing={"PlainDeployment", "QuietStage"},
        failing={"DataTraceDeployment", "DataTraceMethodStage", "DataTraceStage"},
    ),
    "lambda_active_tracing": Expect(
        passing={"ActiveTracingFunction"}, failing={"PassThroughFunction", "UntracedFunction"}
    ),
    # WH-06
    "lambda_reserved_concurrency": Expect(
        passing={"ReservedFunction"}, failing={"UnreservedFunction", "ZeroReservedFunction"}
    ),
    # WH-08
    "sqs_max_receive_count": Expect(
        passing={"FourReceivesQueue", "JsonStringRedriveQueue"},
        failing={"NoTargetQueue", "OneReceiveQueue", "TenReceivesQueue"},
    ),
    "event_source_partial_batch_response": Expect(
        passing={"PartialBatchMapping"}, failing={"WholeBatchMapping"}
    ),
    "event_source_max_concurrency": Expect(
        passing={"CappedMapping"}, failing={"EmptyScalingMapping", "UncappedMapping"}
    ),
    "sns_sqs_subscription_dead_letter": Expect(
        passing={"RedrivenSubscription"}, failing={"EmptyRedriveSubscription", "NoRedriveSubscription"}
    ),
    "sns_sqs_subscription_raw_delivery": Expect(
        passing={"RawSubscription"}, failing={"EnvelopeSubscription", "RawOffSubscription"}
    ),
    # WH-10
    "dynamodb_on_demand": Expect(
        passing={"OnDemandTable"}, failing={"DefaultBillingTable", "ProvisionedTable"}
    ),
    "dynamodb_point_in_time_recovery": Expect(passing={"PitrTable"}, failing={"NoPitrTable", "PitrOffTable"}),
    # WH-16
    "alarm_has_action": Expect(
        passing={"NotifyingAlarm", "NotifyingCompositeAlarm"},
        failing={"DisabledActionsAlarm", "OkOnlyAlarm", "SilentAlarm"},
    ),
    # TX-01
    "flow_log_all_traffic": Expect(
        passing={"AllTrafficFlowLog"}, failing={"AcceptOnlyFlowLog", "RejectOnlyFlowLog"}
    ),
    "flow_log_to_log_group": Expect(
        passing={"ExplicitDestinationFlowLog", "LogGroupFlowLog"},
        failing={"NoDestinationFlowLog", "S3FlowLog"},
    ),
    # TX-02
    "security_group_public_ingress_web_only": Expect(
        passing={"AlbSecurityGroup", "NoIngressSecurityGroup", "TaskSecurityGroup", "WebIngressRule"},
        failing={
            "AllTrafficIpv6SecurityGroup",
            "PortRangeSecurityGroup",
            "PostgresOpenIngressRule",
            "SshOpenSecurityGroup",
            "UdpWebSecurityGroup",
        },
    ),
    # TX-03
    "rds_cluster_aurora_postgresql": Expect(
        passing={"AuroraPostgresCluster"}, failing={"AuroraMysqlCluster", "PostgresMultiAzCluster"}
    ),
    "rds_cluster_backup_retention": Expect(
        passing={"SevenDayBackupCluster", "ThirtyDayBackupCluster"},
        failing={"DefaultBackupCluster", "OneDayBackupCluster"},
    ),
    "rds_cluster_iam_auth": Expect(
        passing={"IamAuthCluster"}, failing={"DefaultAuthCluster", "PasswordOnlyCluster"}
    ),
    "rds_cluster_postgresql_logs_exported": Expect(
        passing={"LogExportingCluster"}, failing={"NoLogExportCluster", "OtherLogOnlyCluster"}
    ),
    "rds_performance_insights_cmk": Expect(
        passing={"CustomerKeyInsightsCluster", "CustomerKeyInsightsInstance"},
        failing={"AwsManagedKeyInsightsCluster", "DefaultKeyInsightsInstance"},
    ),
    # TX-05
    "s3_bucket_versioning": Expect(
        passing={"VersionedBucket"}, failing={"SuspendedBucket", "UnversionedBucket"}
    ),
    "s3_bucket_public_access_block": Expect(
        passing={"BlockedBucket"}, failing={"OpenBucket", "PartlyBlockedBucket"}
    ),
    "s3_bucket_access_logging": Expect(
        passing={"LoggingBucket"}, failing={"PrefixOnlyBucket", "SilentBucket"}
    ),
    "s3_noncurrent_version_expiry": Expect(
        passing={"ExpiringBucket"},
        failing={"DisabledRuleBucket", "KeepForeverBucket", "NinetyDayBucket", "PrefixRuleBucket"},
    ),
    # TX-06
    "cloudfront_https_only": Expect(
        passing={"HttpsDistribution"}, failing={"AllowAllDistribution", "MixedBehaviorDistribution"}
    ),
    "cloudfront_tls_policy": Expect(
        passing={"CustomDomainDistribution"}, failing={"LegacyTlsDistribution", "Tls2019Distribution"}
    ),
    "cloudfront_http2_and_http3": Expect(
        passing={"Http3Distribution"}, failing={"DefaultHttpDistribution", "Http2Distribution"}
    ),
    "cloudfront_compression": Expect(
        passing={"CompressingDistribution"},
        failing={"PartlyCompressedDistribution", "UncompressedDistribution"},
    ),
    "cloudfront_access_logging": Expect(passing={"LoggingDistribution"}, failing={"UnloggedDistribution"}),
    "cloudfront_web_acl": Expect(passing={"WafDistribution"}, failing={"UnprotectedDistribution"}),
    "cloudfront_security_headers": Expect(
        passing={"SecureHeadersDistribution"}, failing={"NoHeadersDistribution", "PartlyHeadedDistribution"}
    ),
    "cloudfront_origin_access_control": Expect(
        passing={"OacDistribution"}, failing={"OaiDistribution", "UnprotectedS3OriginDistribution"}
    ),
    # TX-07
    "alb_internet_facing": Expect(passing={"DefaultSchemeAlb", "InternetFacingAlb"}, failing={"InternalAlb"}),
    "alb_drops_invalid_headers": Expect(passing={"DroppingAlb"}, failing={"DefaultHeadersAlb", "KeepingAlb"}),
    "alb_access_logs": Expect(passing={"LoggingAlb"}, failing={"NoBucketAlb", "UnloggedAlb"}),
    "alb_deletion_protection_prod": Expect(
        passing={"ProtectedProdAlb"}, failing={"DefaultProdAlb", "UnprotectedProdAlb"}
    ),
    "alb_https_listener_tls12": Expect(
        passing={"FipsHttpsListener", "Tls13HttpsListener"},
        failing={"DefaultPolicyHttpsListener", "LegacyPolicyHttpsListener", "NoCertificateHttpsListener"},
    ),
    "alb_http_listener_redirects": Expect(
        passing={"RedirectingHttpListener"},
        failing={"ForwardingHttpListener", "HttpRedirectListener", "WrongPortRedirectListener"},
    ),
    "target_group_health_check": Expect(
        passing={"HealthCheckedTargetGroup"},
        failing={"DefaultHealthCheckTargetGroup", "DisabledHealthCheckTargetGroup"},
    ),
    # TX-08
    "ecs_cluster_container_insights": Expect(
        passing={"EnhancedInsightsCluster", "InsightsCluster"}, failing={"InsightsOffCluster", "PlainCluster"}
    ),
    "ecs_service_no_public_ip": Expect(
        passing={"DefaultIpService", "PrivateService"}, failing={"BridgeNetworkService", "PublicIpService"}
    ),
    "ecs_service_min_tasks": Expect(
        passing={"TwoTaskService"}, failing={"SingleTaskService", "ZeroTaskService"}
    ),
    "ecs_service_circuit_breaker": Expect(
        passing={"RollingBackService"}, failing={"NoBreakerService", "NoRollbackService"}
    ),
    "ecs_service_fargate_capacity": Expect(
        passing={"MixedCapacityService"},
        failing={"LaunchTypeService", "NoBaseService", "OnDemandOnlyService", "ZeroWeightSpotService"},
    ),
    "ecs_scalable_target_bounds": Expect(
        passing={"TwoToTenTarget"}, failing={"OneToTenTarget", "TwoToFiftyTarget"}
    ),
    "ecs_scaling_policy_targets": Expect(
        passing={"CpuSeventyPolicy", "MemorySeventyPolicy"}, failing={"CpuNinetyPolicy", "MemoryFiftyPolicy"}
    ),
    # TX-09
    "ecs_task_separate_roles": Expect(
        passing={"SeparateRolesTask"}, failing={"NoTaskRoleTask", "SameRoleTask"}
    ),
    "ecs_task_secrets_not_in_environment": Expect(
        passing={"SecretsTask"}, failing={"PasswordEnvTask", "TokenEnvTask"}
    ),
    "ecs_task_readonly_root": Expect(
        passing={"ReadonlyTask"}, failing={"PartlyReadonlyTask", "WritableTask"}
    ),
    "ecs_task_awslogs": Expect(
        passing={"AwslogsTask"}, failing={"NoGroupTask", "NoLoggingTask", "SplunkTask"}
    ),
    # WH-09
    "webhook_handler_own_dead_letter_queue": Expect(
        passing={"OwnDlqFunction", "QueueUrlDlqFunction"},
        failing={
            "ConsumerDlqFunction",
            "FirstTwinFunction",
            "LiteralDlqFunction",
            "NoDlqFunction",
            "SecondTwinFunction",
            "WorkQueueFunction",
        },
    ),
    "webhook_handler_sends_only_to_its_dlq": Expect(
        passing={"HandlerPolicy", "InlineGrantRole"},
        failing={"BareRole", "NoGrantPolicy", "OtherQueueRole", "QueueUrlPolicy", "WildcardQueueRole"},
    ),
    "dead_letter_queue_retention": Expect(
        passing={"HandlerDlq", "SubscriptionDlq", "WorkDlq"},
        failing={"DefaultRetentionDlq", "FourDayDlq", "OneHourDlq", "SevenDayDlq"},
    ),
    # WH-12
    "webhook_handler_signing_secret_reference": Expect(
        passing={"SecretIdFunction", "SecretRefFunction"},
        failing={
            "DynamicReferenceFunction",
            "LiteralArnFunction",
            "MissingSecretFunction",
            "ParameterFunction",
        },
    ),
    "webhook_handler_reads_only_its_secret": Expect(
        passing={"InlineReadRole", "ReadSecretPolicy"},
        failing={"BareRole", "EverySecretRole", "NoReadPolicy", "SecretsWildcardRole", "TwoSecretsRole"},
    ),
    "signing_secret_plain_value": Expect(
        passing={"GeneratedSecret"}, failing={"JsonTemplateSecret", "LiteralValueSecret", "NoValueSecret"}
    ),
    # WH-13
    "consumer_names_idempotent_table": Expect(
        passing={"AuditLoggerFunction", "TransactionProcessorFunction"},
        failing={
            "LiteralTableFunction",
            "SwappedAuditFunction",
            "SwappedProcessorFunction",
            "UnsetTableFunction",
        },
    ),
    "idempotent_table_key_schema": Expect(
        passing={"AuditTable", "TransactionsTable"},
        failing={
            "DeliveryTimeAuditTable",
            "NumericTimeTable",
            "PartitionOnlyTable",
            "WrongPartitionAuditTable",
        },
    ),
    # WH-14
    "audit_log_writers": Expect(
        passing={"AuditPolicy", "OtherTablesPolicy", "ProcessorRole", "ReaderPolicy"},
        failing={
            "BareAuditRole",
            "NoAppendPolicy",
            "ProcessorWritingRole",
            "ReadingAuditRole",
            "TableWildcardPolicy",
            "TtlPolicy",
            "UpdatingAuditPolicy",
        },
    ),
    "audit_log_resource_policy_append_only": Expect(
        passing={"AppendOnlyTable", "StarPrincipalTable"},
        failing={
            "AnyoneAppendsTable",
            "ConditionalDenyTable",
            "NoPolicyTable",
            "NobodyAppendsTable",
            "UpdatableTable",
        },
    ),
    "audit_log_no_ttl": Expect(
        passing={"DisabledTtlTable", "NoTtlTable"}, failing={"ExpiringTable", "StringEnabledTable"}
    ),
    # WH-15
    "pipeline_metrics_namespace": Expect(
        passing={"EmittingOtherFunction", "HandlerFunction"},
        failing={"OtherNamespaceFunction", "SecondNamespaceFunction", "UnsetNamespaceFunction"},
    ),
    "pipeline_roles_no_put_metric_data": Expect(
        passing={"HandlerPolicy", "HandlerRole"},
        failing={"MetricsRole", "NotActionRole", "PutStarPolicy", "WildcardPolicy"},
    ),
    # WH-17
    "webhook_dashboard_coverage": Expect(
        passing={"LiteralNamesDashboard", "PipelineDashboard"},
        failing={
            "NoApiDashboard",
            "NoDlqDashboard",
            "NoErrorRateDashboard",
            "NoThrottlesDashboard",
            "OtherNamespaceDashboard",
            "UnreadableDashboard",
        },
    ),
}


def test_every_check_module_has_expected_outcomes() -> None:
    assert sorted(EXPECTED) == check_modules()


@pytest.mark.parametrize("module", sorted(EXPECTED))
def test_check_passes_exactly_its_passing_fixture(checkov_scan: CheckovScan, module: str) -> None:
    # GIVEN the check's passing fixture, WHEN the worker scanned it,
    # THEN exactly the expected resources pass and none fails
    outcome = checkov_scan.outcome(module, "pass")

    assert outcome == Outcome(passed=frozenset(EXPECTED[module].passing))


@pytest.mark.parametrize("module", sorted(EXPECTED))
def test_check_fails_exactly_its_failing_fixture(checkov_scan: CheckovScan, module: str) -> None:
    # GIVEN the check's failing fixture, WHEN the worker scanned it,
    # THEN exactly the expected resources fail and none passes
    outcome = checkov_scan.outcome(module, "fail")

    assert outcome == Outcome(failed=frozenset(EXPECTED[module].failing))
