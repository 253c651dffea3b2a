"""One counterexample per claim (GT-08): the change an auditor would try first for each claim.

Split by system so the two test modules run on both cores (`pytest -n 2 --dist loadfile`).
"""

from __future__ import annotations

from aws_cdk import CfnOutput, CfnResource, Stack
from aws_cdk import aws_ssm as ssm

from tests.compliance.counterexamples import Counterexample

C = Counterexample


def prod_only_parameter(resource: CfnResource) -> CfnResource:
    """MW-09: a resource that exists in prod only, by code rather than by configuration."""
    return ssm.CfnParameter(Stack.of(resource), "ProdOnlyParameter", type="String", value="prod")


def sessions_export_without_environment(resource: CfnResource) -> None:
    """TX-12: the sessions table's output exported under a name that does not carry the environment."""
    output = Stack.of(resource).node.find_child("SessionsTableName")
    assert isinstance(output, CfnOutput)
    output.export_name = "webapp-sessions-table"


WEBHOOK: tuple[Counterexample, ...] = (
    C(
        claim="MW-09",
        environment="dev+prod",
        path="WebApp-prod/Sessions/Table/Resource",
        change="an SSM parameter added beside the prod sessions table, in prod only",
        mutate=prod_only_parameter,
    ),
    C(
        claim="MW-01",
        environment="dev",
        path="Webhook-dev/AuditLogger/Function/Resource",
        change="Runtime python3.11 -> python3.12",
        override=(("Runtime", "python3.12"),),
    ),
    C(
        claim="MW-02",
        environment="dev",
        path="Webhook-dev/Api/AccessLogs/Resource",
        change="RetentionInDays 30 -> 7",
        override=(("RetentionInDays", 7),),
    ),
    C(
        claim="MW-03",
        environment="dev",
        path="Webhook-dev/Keys/DataKey/Resource",
        change="EnableKeyRotation true -> false",
        override=(("EnableKeyRotation", False),),
    ),
    C(
        claim="MW-05",
        environment="dev",
        path="Webhook-dev/TransactionProcessor/Policy/Resource",
        change="first statement's actions -> dynamodb:*",
        override=(("PolicyDocument.Statement.0.Action", "dynamodb:*"),),
    ),
    C(
        claim="MW-06",
        environment="prod",
        path="Webhook-prod/Tables/Transactions/Resource",
        change="DeletionProtectionEnabled true -> false",
        override=(("DeletionProtectionEnabled", False),),
    ),
    C(
        claim="MW-07",
        environment="dev",
        path="Webhook-dev/Tables/Transactions/Resource",
        change="Tags -> only Environment",
        override=(("Tags", [{"Key": "Environment", "Value": "dev"}]),),
    ),
    C(
        claim="WH-01",
        environment="dev",
        path="Webhook-dev/Api/RestApi/Resource",
        change="EndpointConfiguration REGIONAL -> EDGE",
        override=(("EndpointConfiguration.Types", ["EDGE"]),),
    ),
    C(
        claim="WH-02",
        environment="dev",
        path="Webhook-dev/Api/RestApi/Default/webhook/POST/Resource",
        change="ApiKeyRequired true -> false",
        override=(("ApiKeyRequired", False),),
    ),
    C(
        claim="WH-03",
        environment="dev",
        path="Webhook-dev/Api/RestApi/UsagePlan/Resource",
        change="Throttle.RateLimit 1000 -> 2000",
        override=(("Throttle.RateLimit", 2000),),
    ),
    C(
        claim="WH-04",
        environment="dev",
        path="Webhook-dev/Api/RestApi/Default/webhook/POST/Resource",
        change="RequestValidatorId removed",
        delete=("RequestValidatorId",),
    ),
    C(
        claim="WH-05",
        environment="dev",
        path="Webhook-dev/Api/RestApi/DeploymentStage.v1/Resource",
        change="TracingEnabled true -> false",
        override=(("TracingEnabled", False),),
    ),
    C(
        claim="WH-06",
        environment="dev",
        path="Webhook-dev/AuditLogger/Function/Resource",
        change="ReservedConcurrentExecutions removed",
        delete=("ReservedConcurrentExecutions",),
    ),
    C(
        claim="WH-07",
        environment="dev",
        path="Webhook-dev/PaymentEvents/Topic/Resource",
        change="KmsMasterKeyId removed",
        delete=("KmsMasterKeyId",),
    ),
    C(
        claim="WH-08",
        environment="dev",
        path="Webhook-dev/TransactionProcessorQueue/Queue/Resource",
        change="RedrivePolicy.maxReceiveCount 4 -> 10",
        override=(("RedrivePolicy.maxReceiveCount", 10),),
    ),
    C(
        claim="WH-09",
        environment="dev",
        path="Webhook-dev/WebhookHandler/Function/Resource",
        change="DLQ_URL names a literal queue URL, not the handler's own DLQ",
        override=(
            (
                "Environment.Variables.DLQ_URL",
                "https://sqs.eu-west-1.amazonaws.com/111122223333/webhook-handler-dlq",
            ),
        ),
    ),
    C(
        claim="WH-12",
        environment="dev",
        path="Webhook-dev/WebhookHandler/Function/Resource",
        change="SIGNING_SECRET_ARN a literal ARN, not this stack's secret",
        override=(
            (
                "Environment.Variables.SIGNING_SECRET_ARN",
                "arn:aws:secretsmanager:eu-west-1:111122223333:secret:provider-signing-key-AbCdEf",
            ),
        ),
    ),
    C(
        claim="WH-13",
        environment="dev",
        path="Webhook-dev/TransactionProcessor/Function/Resource",
        change="TRANSACTIONS_TABLE a literal name, not the stack's idempotent table",
        override=(("Environment.Variables.TRANSACTIONS_TABLE", "transactions-dev"),),
    ),
    C(
        claim="WH-14",
        environment="dev",
        path="Webhook-dev/Tables/AuditLogs/Resource",
        change="a TTL on audit_logs",
        override=(("TimeToLiveSpecification", {"AttributeName": "expires_at", "Enabled": True}),),
    ),
    C(
        claim="WH-15",
        environment="dev",
        path="Webhook-dev/AuditLogger/Function/Resource",
        change="METRICS_NAMESPACE FinTech/Payments -> FinTech/AuditLogger",
        override=(("Environment.Variables.METRICS_NAMESPACE", "FinTech/AuditLogger"),),
    ),
    C(
        claim="WH-17",
        environment="dev",
        path="Webhook-dev/Dashboard/Dashboard/Resource",
        change="DashboardBody with no widget",
        override=(("DashboardBody", '{"widgets":[]}'),),
    ),
    C(
        claim="WH-10",
        environment="dev",
        path="Webhook-dev/Tables/AuditLogs/Resource",
        change="point-in-time recovery off",
        override=(("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", False),),
    ),
    C(
        claim="WH-16",
        environment="dev",
        path="Webhook-dev/Alarms/Api5xx/Resource",
        change="AlarmActions removed",
        delete=("AlarmActions",),
    ),
)

WEBAPP: tuple[Counterexample, ...] = (
    C(
        claim="MW-04",
        environment="dev",
        path="WebApp-dev/LoadBalancer/Alb/Https/Resource",
        change="SslPolicy -> ELBSecurityPolicy-2016-08 (TLS 1.0)",
        override=(("SslPolicy", "ELBSecurityPolicy-2016-08"),),
    ),
    C(
        claim="MW-08",
        environment="dev",
        path="WebApp-dev/Validator/Function/Resource",
        change="a signing key in plain text in the environment",
        override=(("Environment.Variables.SIGNING_KEY", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),),
    ),
    C(
        claim="TX-01",
        environment="dev",
        path="WebApp-dev/Network/Vpc/FlowLog/FlowLog",
        change="TrafficType ALL -> ACCEPT",
        override=(("TrafficType", "ACCEPT"),),
    ),
    C(
        claim="TX-02",
        environment="dev",
        path="WebApp-dev/SecurityGroups/Database/from",
        change="database ingress from 0.0.0.0/0 instead of the task security group",
        override=(("CidrIp", "0.0.0.0/0"),),
        delete=("SourceSecurityGroupId",),
    ),
    C(
        claim="TX-03",
        environment="dev",
        path="WebApp-dev/Database/Cluster/Resource",
        change="EnableIAMDatabaseAuthentication true -> false",
        override=(("EnableIAMDatabaseAuthentication", False),),
    ),
    C(
        claim="TX-04",
        environment="dev",
        path="WebApp-dev/Sessions/Table/Resource",
        change="point-in-time recovery off",
        override=(("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", False),),
    ),
    C(
        claim="TX-05",
        environment="dev",
        path="WebAppEdge-dev/Assets/Bucket/Resource",
        change="VersioningConfiguration Enabled -> Suspended",
        override=(("VersioningConfiguration.Status", "Suspended"),),
    ),
    C(
        claim="TX-06",
        environment="dev",
        path="WebAppEdge-dev/Cdn/Distribution/Resource",
        change="HttpVersion http2and3 -> http1.1",
        override=(("DistributionConfig.HttpVersion", "http1.1"),),
    ),
    C(
        claim="TX-07",
        environment="dev",
        path="WebApp-dev/LoadBalancer/Alb/Http/Resource",
        change="port 80 redirects to HTTP instead of HTTPS",
        override=(("DefaultActions.0.RedirectConfig.Protocol", "HTTP"),),
    ),
    C(
        claim="TX-08",
        environment="dev",
        path="WebApp-dev/Web/Service/Service",
        change="deployment circuit breaker off",
        override=(("DeploymentConfiguration.DeploymentCircuitBreaker.Enable", False),),
    ),
    C(
        claim="TX-09",
        environment="dev",
        path="WebApp-dev/Task/Definition/Resource",
        change="TaskRoleArn = ExecutionRoleArn (one role for both)",
        mutate=lambda r: r.add_property_override("TaskRoleArn", r.execution_role_arn),  # type: ignore[attr-defined]
    ),
    C(
        claim="TX-12",
        environment="dev",
        path="WebApp-dev/Sessions/Table/Resource",
        change="the sessions table's export name without the environment",
        mutate=sessions_export_without_environment,
    ),
    C(
        claim="TX-10",
        environment="dev",
        path="WebApp-dev/Validator/Function/Resource",
        change="ReservedConcurrentExecutions removed",
        delete=("ReservedConcurrentExecutions",),
    ),
    C(
        claim="TX-11",
        environment="dev",
        path="WebApp-dev/Monitoring/Alerts/Resource",
        change="KmsMasterKeyId removed",
        delete=("KmsMasterKeyId",),
    ),
)
