"""The `transaction_validator` function the web tier invokes synchronously (TX-10).

Code `lambdas/transaction_validator/` (MW-01); its own role, holding exactly its log group,
X-Ray and the decryption of its own environment (MW-05: the function reads no store and calls
no service, so it has no write access beyond its logs); reserved concurrency from the
configuration. No resource policy: only the task role, whose identity policy names this
function, may invoke it.
"""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from policies.constants import LAMBDA_MEMORY_MB, VALIDATOR_TIMEOUT_SECONDS
from stacks.acknowledgments import acknowledge
from stacks.defaults import (
    ACKNOWLEDGMENT_EXPIRY,
    function_role,
    kms_key,
    log_group,
    log_write_statement,
    python_function,
    xray_write_statement,
)

FUNCTION_NAME = "transaction_validator"
HANDLER = "transaction_validator.handler.lambda_handler"
XRAY_REASON = (
    "xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions, "
    "so AWS requires Resource '*'; the statement grants only these two write-only tracing actions."
)
RUNTIME_REASON = (
    "MW-01 pins every function to python3.11 (supported by Lambda until June 2027) so the runtime is "
    "upgraded deliberately for all functions at once, with the handlers' tests, not by the linter."
)
VPC_REASON = (
    "transaction_validator is a pure function: it opens no connection and reaches no data store or "
    "private resource, so a VPC would isolate nothing; it is reachable only through the Lambda API by "
    "the task role, whose identity policy names it."
)
DLQ_REASON = (
    "The web tier invokes the validator synchronously (RequestResponse) and receives every error in the "
    "response; Lambda uses a dead-letter queue only for asynchronous invocations, so one would never fire."
)


class TransactionValidator(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, reserved_concurrency: int, log_key: kms.IKey
    ) -> None:
        super().__init__(scope, construct_id)
        full_name = f"{Stack.of(self).stack_name}-{FUNCTION_NAME}"
        self.environment_key = kms_key(self, "EnvironmentKey", description=f"Environment of {full_name}")
        self.log_group = log_group(self, "LogGroup", encryption_key=log_key)
        self.role, immutable_role = function_role(
            self, "Role", description="Execution role of transaction_validator"
        )
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            description="Least privilege of transaction_validator: its log group and X-Ray only",
            roles=[self.role],
            statements=[
                log_write_statement(self.log_group),
                xray_write_statement(),
                # no kms:Decrypt: the function has no environment variable, so Lambda decrypts nothing
            ],
        )
        self.function = python_function(
            self,
            "Function",
            handler=HANDLER,
            role=immutable_role,
            log_group=self.log_group,
            environment={},
            timeout=Duration.seconds(VALIDATOR_TIMEOUT_SECONDS),
            memory_size=LAMBDA_MEMORY_MB,
            reserved_concurrency=reserved_concurrency,
            description="Validates a transaction for the web tier and returns a structured verdict",
            function_name=full_name,
            environment_key=self.environment_key,
        )
        self.function.node.add_dependency(self.policy)
        acknowledge(
            self.policy, "AwsSolutions-IAM5[Resource::*]", reason=XRAY_REASON, expires=ACKNOWLEDGMENT_EXPIRY
        )
        acknowledge(self.function, "AwsSolutions-L1", reason=RUNTIME_REASON, expires=ACKNOWLEDGMENT_EXPIRY)
        acknowledge(
            self.function,
            "Serverless-LambdaLatestVersion",
            reason=RUNTIME_REASON,
            expires=ACKNOWLEDGMENT_EXPIRY,
        )
        for pack in ("NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"):
            acknowledge(
                self.function, f"{pack}-LambdaInsideVPC", reason=VPC_REASON, expires=ACKNOWLEDGMENT_EXPIRY
            )
        for pack in ("NIST.800.53.R5", "HIPAA.Security", "Serverless"):
            acknowledge(self.function, f"{pack}-LambdaDLQ", reason=DLQ_REASON, expires=ACKNOWLEDGMENT_EXPIRY)
        acknowledge(self.function, "CKV_AWS_116", reason=DLQ_REASON, expires=ACKNOWLEDGMENT_EXPIRY)
        acknowledge(self.function, "CKV_AWS_117", reason=VPC_REASON, expires=ACKNOWLEDGMENT_EXPIRY)
