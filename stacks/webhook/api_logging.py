"""API Gateway's log groups and the account-level role it writes them with (WH-05, MW-02, MW-05).

API Gateway writes execution logs to `API-Gateway-Execution-Logs_{restApiId}/{stageName}` and creates
that group, never expiring, if it does not exist: the group is created here first, with the stack's
retention and key. The account-level CloudWatch role is this stack's own, allowed to write only to
these two groups, instead of the broad AWS managed policy AmazonAPIGatewayPushToCloudWatchLogs.
It may not create log groups, so API Gateway can never fall back to an implicit, never-expiring one.
"""

from __future__ import annotations

from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from constructs import Construct

from stacks.defaults import log_group

LOG_ACTIONS = ("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents")


class ApiLogging(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        api: apigateway.RestApi,
        access_logs: logs.ILogGroup,
        stage_name: str,
        encryption_key: kms.IKey,
    ) -> None:
        super().__init__(scope, construct_id)
        self.execution_logs = log_group(
            self,
            "ExecutionLogs",
            encryption_key=encryption_key,
            log_group_name=f"API-Gateway-Execution-Logs_{api.rest_api_id}/{stage_name}",
        )
        role = iam.Role(
            self,
            "CloudWatchRole",
            assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
            description="API Gateway account-level role: writes this API's access and execution logs only",
        )
        groups = (access_logs, self.execution_logs)
        policy = iam.ManagedPolicy(
            self,
            "CloudWatchPolicy",
            description="Write this API's access and execution log groups",
            roles=[role],
            statements=[
                iam.PolicyStatement(
                    sid="WriteApiLogGroups",
                    actions=list(LOG_ACTIONS),
                    resources=[group.log_group_arn for group in groups],
                ),
            ],
        )
        self.account = apigateway.CfnAccount(self, "Account", cloud_watch_role_arn=role.role_arn)
        self.account.node.add_dependency(policy)
