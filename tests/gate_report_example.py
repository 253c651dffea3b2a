"""A small but realistic gate result for the report writers' tests.

Two stacks, five claims: MW-02 and TX-05 pass; MW-05 passes with one acknowledged evaluation;
WH-03 fails (one stage's throttle is wrong, and its message carries a `<script>` an attacker
could have put in a construct path or a description); WH-13 passes with one test that did not
run. Three open findings: the WH-03 failure, a cfn-lint warning no claim cites, an expired
acknowledgment. The counts the tests expect are worked out by hand from this data.
"""

from __future__ import annotations

from tools.gate.model import (
    AcknowledgmentResult,
    ClaimResult,
    Evaluation,
    Finding,
    GateResult,
    VerifierResult,
)

INJECTED = "<script>alert('x')</script>"
IAM_ACK_REASON = (
    "X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; "
    "AWS requires Resource * for them."
)
EXPIRED_REASON = "The validation function's tracing was deferred until the X-Ray sampling rules were agreed."
EXPIRED_PATH = "WebApp-dev/Validation/Function/Resource"

WEBHOOK, WEBAPP = "Webhook-dev", "WebApp-dev"
HANDLER_LOGS = Evaluation(
    stack=WEBHOOK,
    logical_id="WebhookHandlerLogGroup1A2B3C",
    path="Webhook-dev/WebhookHandler/LogGroup/Resource",
    resource_type="AWS::Logs::LogGroup",
    result="pass",
)
FLOW_LOGS = Evaluation(
    stack=WEBAPP,
    logical_id="NetworkFlowLogGroup4D5E6F",
    path="WebApp-dev/Network/FlowLogs/LogGroup/Resource",
    resource_type="AWS::Logs::LogGroup",
    result="pass",
)
HANDLER_POLICY_PATH = "Webhook-dev/WebhookHandler/ServiceRole/DefaultPolicy/Resource"
ASSETS_PATH = "WebApp-dev/Assets/Bucket/Resource"
STAGE_PATH = "Webhook-dev/Api/DeploymentStage.v1/Resource"


def example_result() -> GateResult:
    return GateResult(
        commit="3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39",
        started_at="2026-11-23T10:15:02+00:00",
        duration_seconds=143.6,
        tool_versions={
            "python": "3.11.9",
            "aws-cdk-lib": "2.275.0",
            "cdk-nag": "3.0.2",
            "checkov": "3.3.30",
            "cfn-lint": "1.58.0",
            "pytest": "9.2.0",
        },
        stacks=(WEBHOOK, WEBAPP),
        claims=(_mw02(), _mw05(), _wh03(), _wh13(), _tx05()),
        findings=(
            Finding(
                tool="checkov",
                rule="CKV_FIN_9",
                claims=("WH-03",),
                stack=WEBHOOK,
                logical_id="ApiDeploymentStagev1",
                path=STAGE_PATH,
                message=f"burst limit 5000, expected 2000 {INJECTED}",
            ),
            Finding(
                tool="cfn-lint",
                rule="W3005",
                claims=(),
                stack=WEBAPP,
                logical_id="ServiceB0C1D2",
                path="WebApp-dev/Web/Service/Service",
                message="Obsolete DependsOn on resource (ListenerRule)",
                severity="warning",
            ),
            Finding(
                tool="acknowledgments",
                rule="Serverless-LambdaTracing",
                claims=(),
                stack=WEBAPP,
                logical_id="",
                path=EXPIRED_PATH,
                message="acknowledgment expired on 2025-01-31",
            ),
        ),
        acknowledgments=(
            AcknowledgmentResult(
                finding="AwsSolutions-IAM5[Resource::*]",
                path=HANDLER_POLICY_PATH,
                reason=IAM_ACK_REASON,
                owner="payments-platform@fintech.example",
                expires="2027-05-31",
                status="active",
            ),
            AcknowledgmentResult(
                finding="Serverless-LambdaTracing",
                path=EXPIRED_PATH,
                reason=EXPIRED_REASON,
                owner="webapp-team@fintech.example",
                expires="2025-01-31",
                status="expired",
            ),
        ),
        template_hashes={
            "Webhook-dev.template.json": "5d41402abc4b2a76b9719d911017c592" * 2,
            "WebApp-dev.template.json": "7d793037a0760186574b0282f2f435e7" * 2,
        },
        stage_seconds={
            "synth": 41.2,
            "cdk-nag": 0.4,
            "checkov": 38.9,
            "cfn-lint": 14.7,
            "tests": 47.9,
            "registry": 0.5,
        },
    )


def _mw02() -> ClaimResult:
    return ClaimResult(
        id="MW-02",
        statement="Every CloudWatch Logs log group has exactly 30-day retention and is encrypted with a CMK.",
        pci_dss=("10.5.1", "3.5.1"),
        verifiers=(
            VerifierResult(
                kind="checkov",
                id="CKV_FIN_4",
                description="Ensure every log group keeps its events exactly 30 days",
                ran=True,
                evaluations=(HANDLER_LOGS, FLOW_LOGS),
            ),
            VerifierResult(
                kind="nag",
                id="NIST.800.53.R5-CloudWatchLogGroupEncrypted",
                description="The CloudWatch Log Group is not encrypted with an AWS KMS key",
                ran=True,
                evaluations=(HANDLER_LOGS, FLOW_LOGS),
            ),
        ),
    )


def _mw05() -> ClaimResult:
    policy = dict(
        stack=WEBHOOK,
        logical_id="WebhookHandlerServiceRoleDefaultPolicy9A8B",
        path=HANDLER_POLICY_PATH,
        resource_type="AWS::IAM::Policy",
    )
    return ClaimResult(
        id="MW-05",
        statement=(
            "Least privilege: one IAM role per function or task; no * action and no service-wide wildcard; "
            "* resource only for actions AWS cannot scope, each listed with the reason."
        ),
        pci_dss=("7.2.1", "7.2.2"),
        verifiers=(
            VerifierResult(
                kind="nag",
                id="AwsSolutions-IAM5",
                description="The IAM entity contains wildcard permissions",
                ran=True,
                evaluations=(
                    Evaluation(
                        **policy, result="acknowledged", message="Resource::*", acknowledgment=IAM_ACK_REASON
                    ),
                ),
            ),
            VerifierResult(
                kind="checkov",
                id="CKV_FIN_50",
                description="Ensure no IAM policy allows a wildcard action",
                ran=True,
                evaluations=(Evaluation(**policy, result="pass"),),
            ),
        ),
    )


def _wh03() -> ClaimResult:
    stage = dict(
        stack=WEBHOOK,
        logical_id="ApiDeploymentStagev1",
        path=STAGE_PATH,
        resource_type="AWS::ApiGateway::Stage",
    )
    return ClaimResult(
        id="WH-03",
        statement=(
            "Throttling: stage default 1000 requests/s steady, burst 2000; the usage plan throttles the same."
        ),
        pci_dss=("6.4.2",),
        verifiers=(
            VerifierResult(
                kind="checkov",
                id="CKV_FIN_9",
                description="Ensure the API stage throttles at 1000/2000",
                ran=True,
                evaluations=(
                    Evaluation(**stage, result="fail", message=f"burst limit 5000, expected 2000 {INJECTED}"),
                ),
            ),
            VerifierResult(
                kind="checkov",
                id="CKV_FIN_10",
                description="Ensure the usage plan throttles at 1000/2000",
                ran=True,
                evaluations=(
                    Evaluation(
                        stack=WEBHOOK,
                        logical_id="ApiUsagePlan5F6A",
                        path="Webhook-dev/Api/UsagePlan/Resource",
                        resource_type="AWS::ApiGateway::UsagePlan",
                        result="pass",
                    ),
                ),
            ),
        ),
    )


def _wh13() -> ClaimResult:
    ran = "tests/e2e/test_pipeline.py::test_duplicate_webhook_is_stored_once"
    skipped = "tests/e2e/test_pipeline.py::test_redelivered_queue_message_is_stored_once"
    return ClaimResult(
        id="WH-13",
        statement=(
            "Idempotency: the same webhook delivered twice, or the same queue message delivered twice, "
            "yields exactly one transactions row and one audit_logs row per event."
        ),
        pci_dss=("10.2.1",),
        verifiers=(
            VerifierResult(
                kind="test",
                id=ran,
                description="duplicate webhook is stored once",
                ran=True,
                evaluations=(Evaluation(stack="", logical_id="", path=ran, resource_type="", result="pass"),),
            ),
            VerifierResult(
                kind="test", id=skipped, description="redelivered queue message is stored once", ran=False
            ),
        ),
    )


def _tx05() -> ClaimResult:
    bucket = dict(
        stack=WEBAPP, logical_id="AssetsBucket5CB76180", path=ASSETS_PATH, resource_type="AWS::S3::Bucket"
    )
    return ClaimResult(
        id="TX-05",
        statement=(
            "Assets bucket: versioned, block all public access, TLS-only, server access logs, noncurrent "
            "versions expire after 30 days; readable only by CloudFront through origin access control."
        ),
        pci_dss=("1.4.1", "3.5.1", "4.2.1"),
        verifiers=(
            VerifierResult(
                kind="nag",
                id="AwsSolutions-S1",
                description="The S3 Bucket has server access logs disabled",
                ran=True,
                evaluations=(Evaluation(**bucket, result="pass"),),
            ),
            VerifierResult(
                kind="checkov",
                id="CKV_FIN_60",
                description="Ensure every data bucket is versioned",
                ran=True,
                evaluations=(Evaluation(**bucket, result="pass"),),
            ),
            VerifierResult(
                kind="cfn-lint",
                id="W3045",
                description="Controlling access to an S3 bucket should be done with bucket policies",
                ran=True,
                evaluations=(Evaluation(**bucket, result="pass"),),
            ),
        ),
    )
