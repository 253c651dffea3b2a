"""The web app's network: a VPC over three AZs, flow logs and a closed default SG (TX-01).

Subnets per AZ: `public` (the ALB and the NAT gateways; no automatic public IPs), `app`
(private with egress through NAT: the ECS tasks) and `data` (isolated: Aurora). Gateway
endpoints keep S3 and DynamoDB traffic off the NAT path.

`restrict_default_security_group` is implemented by a CDK framework function (a custom
resource that removes the default group's rules, which CloudFormation cannot). Its log group
would otherwise be implicit and never expire, so it is given an explicit one (MW-02); and as
CDK's tag aspect does not reach its plain CloudFormation resources, they carry the stack's tags
explicitly (MW-07): the configuration's tags, the same `app.py` applies to every stack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aws_cdk import CfnResource, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from stacks.acknowledgments import acknowledge
from stacks.defaults import ACKNOWLEDGMENT_EXPIRY, log_group, log_write_statement

SUBNET_MASKS = {"public": 24, "app": 22, "data": 24}
RESTRICT_DEFAULT_SG_PROVIDER = "Custom::VpcRestrictDefaultSGCustomResourceProvider"
HELPER_REASONS = {
    "FinTech-LambdaCodeAsset": "MW-01 framework exception: aws-cdk-lib stages this custom-resource "
    "provider's Node.js code from its own package, not lambdas/; it closes the default security "
    "group (TX-01).",
    "CKV_AWS_115": "CDK's default-SG function runs only when CloudFormation deploys the VPC, one "
    "invocation per deployment, so it cannot exhaust the account's concurrency and needs no reservation.",
    "CKV_AWS_116": "CDK's default-SG function is invoked by CloudFormation as a custom resource; a "
    "failure fails and rolls back the deployment, so there is no asynchronous event a DLQ could keep.",
    "CKV_AWS_117": "CDK's default-SG function calls only the EC2 API to revoke the default security "
    "group's rules; it reaches no private resource, so attaching it to the VPC would isolate nothing.",
    "CKV_FIN_1": "MW-01 framework exception: aws-cdk-lib ships this custom-resource provider as Node.js "
    "code with its own runtime; it closes the default security group (TX-01) and runs only at deploy time.",
    "CKV_FIN_2": "MW-01 framework exception: the provider's architecture is chosen by aws-cdk-lib (x86_64); "
    "it runs once per deployment, so arm64 would change neither cost nor exposure.",
    "CKV_FIN_33": "CDK's default-SG function runs once per deployment under CloudFormation, whose events "
    "record each run; X-Ray tracing of a single EC2 API call adds no evidence.",
    "CKV_FIN_34": "CDK's default-SG function runs only when CloudFormation deploys the VPC, one "
    "invocation per deployment, so it cannot exhaust the account's concurrency and needs no reservation.",
}
PUBLIC_ROUTE_REASON = (
    "Only the public subnets route to the internet gateway: they hold the internet-facing ALB and the "
    "NAT gateways and launch nothing with a public IP; tasks and database sit in private subnets."
)


class Network(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        cidr: str,
        availability_zones: Sequence[str],
        nat_gateways: int,
        log_key: kms.IKey,
        tags: Mapping[str, str],
    ) -> None:
        super().__init__(scope, construct_id)
        self._tags = dict(tags)
        self.vpc = ec2.Vpc(
            self,
            "Vpc",
            ip_addresses=ec2.IpAddresses.cidr(cidr),
            availability_zones=list(availability_zones),
            nat_gateways=nat_gateways,
            restrict_default_security_group=True,
            subnet_configuration=[
                ec2.SubnetConfiguration(
                    name="public",
                    subnet_type=ec2.SubnetType.PUBLIC,
                    cidr_mask=SUBNET_MASKS["public"],
                    map_public_ip_on_launch=False,
                ),
                ec2.SubnetConfiguration(
                    name="app", subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS, cidr_mask=SUBNET_MASKS["app"]
                ),
                ec2.SubnetConfiguration(
                    name="data", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=SUBNET_MASKS["data"]
                ),
            ],
            gateway_endpoints={
                "S3": ec2.GatewayVpcEndpointOptions(service=ec2.GatewayVpcEndpointAwsService.S3),
                "DynamoDB": ec2.GatewayVpcEndpointOptions(service=ec2.GatewayVpcEndpointAwsService.DYNAMODB),
            },
        )
        self.flow_log_group = log_group(self, "FlowLogs", encryption_key=log_key)
        flow_log_role = iam.Role(
            self,
            "FlowLogRole",
            assumed_by=iam.ServicePrincipal(
                "vpc-flow-logs.amazonaws.com",
                conditions={"StringEquals": {"aws:SourceAccount": Stack.of(self).account}},
            ),
            description="VPC flow logs delivery to their log group",
        )
        flow_log_policy = iam.ManagedPolicy(
            self,
            "FlowLogPolicy",
            description="VPC flow logs: write their own log group only",
            roles=[flow_log_role],
            statements=[
                log_write_statement(self.flow_log_group),
                iam.PolicyStatement(
                    sid="DescribeOwnLogStreams",
                    actions=["logs:DescribeLogStreams"],
                    resources=[self.flow_log_group.log_group_arn],
                ),
            ],
        )
        flow_log = self.vpc.add_flow_log(
            "FlowLog",
            destination=ec2.FlowLogDestination.to_cloud_watch_logs(
                self.flow_log_group, flow_log_role.without_policy_updates()
            ),
            traffic_type=ec2.FlowLogTrafficType.ALL,
        )
        flow_log.node.add_dependency(flow_log_policy)
        for subnet in self.vpc.public_subnets:
            route = subnet.node.find_child("DefaultRoute")
            for pack in ("NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"):
                acknowledge(
                    route,
                    f"{pack}-VPCNoUnrestrictedRouteToIGW",
                    reason=PUBLIC_ROUTE_REASON,
                    expires=ACKNOWLEDGMENT_EXPIRY,
                )
        self._log_default_sg_function(log_key)

    def _log_default_sg_function(self, log_key: kms.IKey) -> None:
        provider = Stack.of(self).node.find_child(RESTRICT_DEFAULT_SG_PROVIDER)
        handler = provider.node.find_child("Handler")
        assert isinstance(handler, CfnResource)
        self.default_sg_function_log_group = log_group(self, "DefaultSgFunctionLogs", encryption_key=log_key)
        handler.add_property_override(
            "LoggingConfig.LogGroup", self.default_sg_function_log_group.log_group_name
        )
        tags = [{"Key": key, "Value": value} for key, value in sorted(self._tags.items())]
        role = provider.node.find_child("Role")
        assert isinstance(role, CfnResource)
        for resource in (handler, role):
            resource.add_property_override("Tags", tags)
        # MW-05: aws-cdk-lib attaches AWSLambdaBasicExecutionRole (logs:CreateLogGroup on every group,
        # streams and events on any); the function writes only its own explicit log group.
        role.add_property_deletion_override("ManagedPolicyArns")
        own_logs = Stack.of(self).resolve(log_write_statement(self.default_sg_function_log_group).to_json())
        role.add_property_override(
            "Policies.1",
            {
                "PolicyName": "WriteOwnLogGroup",
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [own_logs]},
            },
        )
        # The handler's `Role: Fn::GetAtt` already orders the two; CDK's extra DependsOn is
        # redundant (cfn-lint W3005).
        handler.remove_dependency(role)
        for check, reason in HELPER_REASONS.items():
            acknowledge(handler, check, reason=reason, expires=ACKNOWLEDGMENT_EXPIRY)
