"""The regional REST API: `POST /webhook` only, API key, throttling, validation, logs (WH-01..WH-05)."""

from __future__ import annotations

import json
from typing import cast

from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from policies.constants import (
    API_BURST_LIMIT,
    API_ENDPOINT_ACCESS_MODE,
    API_RATE_LIMIT_RPS,
    API_TLS_SECURITY_POLICY,
)
from stacks.acknowledgments import acknowledge
from stacks.defaults import log_group
from stacks.webhook.api_logging import ApiLogging
from stacks.webhook.api_model import webhook_payload_schema

STAGE_NAME = "v1"
EXPIRES = "2027-05-31"
ACCESS_LOG_FIELDS = {
    "requestId": apigateway.AccessLogField.context_request_id(),
    "extendedRequestId": apigateway.AccessLogField.context_extended_request_id(),
    "requestTime": apigateway.AccessLogField.context_request_time(),
    "sourceIp": apigateway.AccessLogField.context_identity_source_ip(),
    "userAgent": apigateway.AccessLogField.context_identity_user_agent(),
    "apiKeyId": apigateway.AccessLogField.context_identity_api_key_id(),
    "httpMethod": apigateway.AccessLogField.context_http_method(),
    "resourcePath": apigateway.AccessLogField.context_resource_path(),
    "protocol": apigateway.AccessLogField.context_protocol(),
    "status": apigateway.AccessLogField.context_status(),
    "responseLength": apigateway.AccessLogField.context_response_length(),
    "responseLatency": apigateway.AccessLogField.context_response_latency(),
    "integrationStatus": apigateway.AccessLogField.context_integration_status(),
    "integrationLatency": apigateway.AccessLogField.context_integration_latency(),
    "errorMessage": apigateway.AccessLogField.context_error_message(),
    "validationError": apigateway.AccessLogField.context_error_validation_error_string(),
    "wafResponseCode": apigateway.AccessLogField.context_waf_response_code(),
    "xrayTraceId": apigateway.AccessLogField.context_xray_trace_id(),
}
AUTHORIZER_REASON = (
    "The caller is the payment provider's webhook sender, which cannot obtain Cognito or IAM credentials; "
    "it is authenticated by the API key (usage plan) and, in the function, by the HMAC-SHA256 "
    "X-Webhook-Signature over the raw body with a 300 s replay window (WH-02, WH-12)."
)

CACHE_REASON = (
    "Every POST /webhook delivery must reach webhook_handler (signature, replay window, publish): a cached "
    "response would acknowledge a webhook that was never processed, so the stage has no cache and therefore "
    "no cached data to encrypt."
)
CLIENT_CERT_REASON = (
    "A stage client certificate authenticates API Gateway to an HTTP backend; the only integration is a "
    "Lambda proxy invoked through the SigV4-signed Lambda API over TLS, where it is never presented. Callers "
    "reach the API only over TLS 1.2+ (enhanced security policy on the REST API)."
)


class WebhookApi(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        handler: lambda_.IFunction,
        log_key: kms.IKey,
        url_export_name: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self.access_logs = log_group(self, "AccessLogs", encryption_key=log_key)
        self.api = apigateway.RestApi(
            self,
            "RestApi",
            rest_api_name=f"{Stack.of(self).stack_name}-webhook",
            description="Payment provider webhooks: POST /webhook",
            endpoint_types=[apigateway.EndpointType.REGIONAL],
            cloud_watch_role=False,
            endpoint_export_name=url_export_name,
            deploy_options=apigateway.StageOptions(
                stage_name=STAGE_NAME,
                access_log_destination=apigateway.LogGroupLogDestination(self.access_logs),
                access_log_format=apigateway.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FIELDS)),
                logging_level=apigateway.MethodLoggingLevel.ERROR,
                data_trace_enabled=False,
                metrics_enabled=True,
                tracing_enabled=True,
                throttling_rate_limit=API_RATE_LIMIT_RPS,
                throttling_burst_limit=API_BURST_LIMIT,
            ),
        )
        rest_api = cast(apigateway.CfnRestApi, self.api.node.default_child)
        rest_api.security_policy = API_TLS_SECURITY_POLICY
        rest_api.endpoint_access_mode = API_ENDPOINT_ACCESS_MODE
        self.stage = self.api.deployment_stage
        for pack in ("NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"):
            acknowledge(
                self.stage, f"{pack}-APIGWCacheEnabledAndEncrypted", reason=CACHE_REASON, expires=EXPIRES
            )
            acknowledge(self.stage, f"{pack}-APIGWSSLEnabled", reason=CLIENT_CERT_REASON, expires=EXPIRES)
        acknowledge(self.stage, "CKV_AWS_120", reason=CACHE_REASON, expires=EXPIRES)
        logging = ApiLogging(
            self,
            "Logging",
            api=self.api,
            access_logs=self.access_logs,
            stage_name=STAGE_NAME,
            encryption_key=log_key,
        )
        self.stage.node.add_dependency(logging.execution_logs, logging.account)
        self.method = self._post_webhook(handler)
        self._usage_plan()

    def _post_webhook(self, handler: lambda_.IFunction) -> apigateway.Method:
        model = self.api.add_model(
            "WebhookPayload",
            content_type="application/json",
            model_name="WebhookPayload",
            schema=webhook_payload_schema(),
        )
        validator = self.api.add_request_validator(
            "RequestValidator", validate_request_body=True, validate_request_parameters=True
        )
        method = self.api.root.add_resource("webhook").add_method(
            "POST",
            apigateway.LambdaIntegration(handler, proxy=True, allow_test_invoke=False),
            api_key_required=True,
            authorization_type=apigateway.AuthorizationType.NONE,
            request_validator=validator,
            request_models={"application/json": model},
        )
        acknowledge(method, "AwsSolutions-APIG4", reason=AUTHORIZER_REASON, expires=EXPIRES)
        acknowledge(method, "AwsSolutions-COG4", reason=AUTHORIZER_REASON, expires=EXPIRES)
        return method

    def _usage_plan(self) -> None:
        self.api_key = apigateway.ApiKey(self, "ProviderApiKey", description="The payment provider's API key")
        self.usage_plan = self.api.add_usage_plan(
            "UsagePlan",
            description="The payment provider: the stage's own throttle (WH-03)",
            throttle=apigateway.ThrottleSettings(rate_limit=API_RATE_LIMIT_RPS, burst_limit=API_BURST_LIMIT),
            api_stages=[apigateway.UsagePlanPerApiStage(api=self.api, stage=self.stage)],
        )
        self.usage_plan.add_api_key(self.api_key)
