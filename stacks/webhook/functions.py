"""One pipeline function with its own role, policy and log group (WH-06, MW-01, MW-02, MW-05)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from policies.constants import CONSUMER_BATCH_SIZE, LAMBDA_MEMORY_MB
from stacks.acknowledgments import acknowledge
from stacks.defaults import (
    environment_decrypt_statement,
    function_role,
    log_group,
    log_write_statement,
    python_function,
    xray_write_statement,
)
from stacks.webhook import permissions
from stacks.webhook.messaging import ConsumerQueue

EXPIRES = "2027-05-31"
XRAY_REASON = (
    "xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions, "
    "so AWS requires Resource '*'; the statement grants only these two write-only tracing actions."
)
RUNTIME_REASON = (
    "MW-01 pins every function to python3.11 (supported by Lambda until June 2027) so the runtime is "
    "upgraded deliberately for all functions at once, with the handlers' tests, not by the linter."
)
VPC_REASON = (
    "The function reaches only AWS service APIs (SNS, SQS, DynamoDB, Secrets Manager, X-Ray, Logs) over "
    "TLS with IAM-signed requests and no private network resource; a VPC would add NAT paths, not isolation."
)


class PipelineFunction(Construct):
    """A function whose role holds exactly its log group, X-Ray and the given statements."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        function_name: str,
        handler: str,
        description: str,
        environment: Mapping[str, str],
        statements: Sequence[iam.PolicyStatement],
        timeout: Duration,
        reserved_concurrency: int,
        log_key: kms.IKey,
        environment_key: kms.IKey,
        failures_go_to: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self.reserved_concurrency = reserved_concurrency
        full_name = f"{Stack.of(self).stack_name}-{function_name}"
        self.log_group = log_group(self, "LogGroup", encryption_key=log_key)
        self.role, immutable_role = function_role(
            self, "Role", description=f"Execution role of {description}"
        )
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            description=f"Least privilege of {description}",
            roles=[self.role],
            statements=[
                log_write_statement(self.log_group),
                environment_decrypt_statement(key=environment_key, function_name=full_name),
                xray_write_statement(),
                *statements,
            ],
        )
        self.function = python_function(
            self,
            "Function",
            handler=handler,
            role=immutable_role,
            log_group=self.log_group,
            environment=environment,
            timeout=timeout,
            memory_size=LAMBDA_MEMORY_MB,
            reserved_concurrency=reserved_concurrency,
            description=description,
            function_name=full_name,
            environment_key=environment_key,
        )
        # The role must hold its permissions before the function (and its event source) is created.
        self.function.node.add_dependency(self.policy)
        acknowledge(self.policy, "AwsSolutions-IAM5[Resource::*]", reason=XRAY_REASON, expires=EXPIRES)
        acknowledge(self.function, "AwsSolutions-L1", reason=RUNTIME_REASON, expires=EXPIRES)
        acknowledge(self.function, "Serverless-LambdaLatestVersion", reason=RUNTIME_REASON, expires=EXPIRES)
        for finding in (
            "NIST.800.53.R5-LambdaInsideVPC",
            "HIPAA.Security-LambdaInsideVPC",
            "PCI.DSS.321-LambdaInsideVPC",
            "CKV_AWS_117",
        ):
            acknowledge(self.function, finding, reason=VPC_REASON, expires=EXPIRES)
        dlq_reason = (
            "The function is only invoked synchronously and a Lambda dead-letter queue receives only failed "
            f"asynchronous invocations, so it would never fire; {failures_go_to}."
        )
        for finding in (
            "NIST.800.53.R5-LambdaDLQ",
            "HIPAA.Security-LambdaDLQ",
            "Serverless-LambdaDLQ",
            "CKV_AWS_116",
        ):
            acknowledge(self.function, finding, reason=dlq_reason, expires=EXPIRES)

    def consume(self, consumer: ConsumerQueue, *, queue_key: kms.IKey) -> None:
        """Read `consumer`'s queue in batches with partial batch responses (WH-08).

        The event source never runs more pollers than the function's reserved concurrency, so
        Lambda throttling never returns messages to the queue and, after retries, to its DLQ.
        """
        self.policy.add_statements(
            permissions.consume(consumer.queue), permissions.decrypt_messages(queue_key)
        )
        mapping = lambda_.EventSourceMapping(
            self,
            "QueueEvents",
            target=self.function,
            event_source_arn=consumer.queue.queue_arn,
            batch_size=CONSUMER_BATCH_SIZE,
            report_batch_item_failures=True,
            max_concurrency=self.reserved_concurrency,
        )
        acknowledge(
            mapping,
            "Serverless-LambdaEventSourceMappingDestination",
            reason=(
                "Lambda supports on-failure destinations only for stream and Kafka event sources, not "
                "SQS; a message that keeps failing moves to the queue's own redrive DLQ after "
                "MAX_RECEIVE_COUNT receives."
            ),
            expires=EXPIRES,
        )
