"""The lists the project's Checkov checks judge against, defined once, each with its reason.

Pure data (no Checkov import), so the claims registry and the reports can quote it too.
"""

from __future__ import annotations

import re
from typing import Final

# MW-05: the actions AWS cannot scope to a resource, so `Resource: "*"` is the only way to grant
# them. Anything else on `*` fails. `cloudwatch:PutMetricData` is deliberately absent: our functions
# emit metrics as embedded-metric-format log lines (WH-15), never through the API.
UNSCOPABLE_ACTIONS: Final[dict[str, str]] = {
    "xray:PutTraceSegments": "X-Ray defines no resource types; Lambda active tracing sends segments with it",
    "xray:PutTelemetryRecords": "X-Ray defines no resource types; Lambda active tracing reports with it",
    "ecr:GetAuthorizationToken": "returns a registry-wide login token; ECR defines no resource for it",
    "ec2:DescribeNetworkInterfaces": "EC2 Describe actions support no resource-level permissions",
    "ec2:CreateNetworkInterface": "Lambda creates a VPC function's ENIs in subnets it picks at run time",
    "ec2:DeleteNetworkInterface": "Lambda deletes the ENIs it created; their ids exist only at run time",
    "ec2:AssignPrivateIpAddresses": "Lambda addresses the ENIs it created; their ids exist only at run time",
    "ec2:UnassignPrivateIpAddresses": "Lambda releases ENI addresses; the ENI ids exist only at run time",
    "logs:CreateLogDelivery": "vended log delivery is configured account-wide; the action has no resource",
    "logs:GetLogDelivery": "vended log delivery is configured account-wide; the action has no resource",
    "logs:UpdateLogDelivery": "vended log delivery is configured account-wide; the action has no resource",
    "logs:DeleteLogDelivery": "vended log delivery is configured account-wide; the action has no resource",
    "logs:ListLogDeliveries": "list actions authorize against the whole account",
    "logs:PutResourcePolicy": "CloudWatch Logs resource policies are account-level and have no ARN",
    "logs:DescribeResourcePolicies": "CloudWatch Logs resource policies are account-level and have no ARN",
    "logs:DescribeLogGroups": "list actions authorize against the whole account",
}

# MW-04 / TX-07: the Elastic Load Balancing security policies that negotiate TLS 1.2 or newer only
# (the `-1-2-` and `-1-3-` families). The CloudFormation default, ELBSecurityPolicy-2016-08, still
# accepts TLS 1.0, so an HTTPS listener must name one of these.
TLS12_LISTENER_POLICIES: Final = frozenset(
    {
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS-1-2-2017-01",
        "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
        "ELBSecurityPolicy-FS-1-2-2019-08",
        "ELBSecurityPolicy-FS-1-2-Res-2019-08",
        "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    }
)

# MW-04: the API Gateway security policies (REST APIs and custom domain names) that refuse TLS 1.0;
# a regional REST API without one negotiates with the legacy TLS 1.0 policy.
TLS12_API_POLICIES: Final = frozenset(
    {
        "TLS_1_2",
        "SecurityPolicy_TLS13_1_3_2025_09",
        "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
        "SecurityPolicy_TLS13_1_2_PQ_2025_09",
        "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
        "SecurityPolicy_TLS13_2025_EDGE",
        "SecurityPolicy_TLS12_PFS_2025_EDGE",
        "SecurityPolicy_TLS12_2018_EDGE",
    }
)

# MW-07: the resource types of the services this project uses that take tags (in aws-cdk-lib
# 2.275 their L1 classes are taggable, so `Tags.of(stack)` reaches them). A resource of one of
# these types, or any resource with a `Tags` property, must carry every required tag.
TAGGABLE_TYPES: Final = frozenset(
    {
        "AWS::ApiGateway::ApiKey",
        "AWS::ApiGateway::ClientCertificate",
        "AWS::ApiGateway::DomainName",
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::Stage",
        "AWS::ApiGateway::UsagePlan",
        "AWS::ApplicationAutoScaling::ScalableTarget",
        "AWS::CertificateManager::Certificate",
        "AWS::CloudFront::Distribution",
        "AWS::CloudFront::Function",
        "AWS::CloudWatch::Alarm",
        "AWS::CloudWatch::CompositeAlarm",
        "AWS::CloudWatch::Dashboard",
        "AWS::DynamoDB::Table",
        "AWS::EC2::EIP",
        "AWS::EC2::FlowLog",
        "AWS::EC2::InternetGateway",
        "AWS::EC2::NatGateway",
        "AWS::EC2::NetworkAcl",
        "AWS::EC2::NetworkInterface",
        "AWS::EC2::PrefixList",
        "AWS::EC2::RouteTable",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::Subnet",
        "AWS::EC2::VPC",
        "AWS::EC2::VPCEndpoint",
        "AWS::ECR::Repository",
        "AWS::ECS::CapacityProvider",
        "AWS::ECS::Cluster",
        "AWS::ECS::Service",
        "AWS::ECS::TaskDefinition",
        "AWS::ElasticLoadBalancingV2::Listener",
        "AWS::ElasticLoadBalancingV2::ListenerRule",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        "AWS::Events::EventBus",
        "AWS::Events::Rule",
        "AWS::IAM::Role",
        "AWS::IAM::User",
        "AWS::KMS::Key",
        "AWS::Lambda::EventSourceMapping",
        "AWS::Lambda::Function",
        "AWS::Logs::Delivery",
        "AWS::Logs::DeliveryDestination",
        "AWS::Logs::DeliverySource",
        "AWS::Logs::LogGroup",
        "AWS::RDS::DBCluster",
        "AWS::RDS::DBClusterParameterGroup",
        "AWS::RDS::DBInstance",
        "AWS::RDS::DBParameterGroup",
        "AWS::RDS::DBProxy",
        "AWS::RDS::DBSubnetGroup",
        "AWS::S3::Bucket",
        "AWS::SNS::Topic",
        "AWS::SQS::Queue",
        "AWS::SSM::Parameter",
        "AWS::SecretsManager::Secret",
        "AWS::StepFunctions::StateMachine",
        "AWS::WAFv2::IPSet",
        "AWS::WAFv2::RuleGroup",
        "AWS::WAFv2::WebACL",
    }
)

# MW-08 / TX-09: an environment variable whose name says it holds a secret ...
SECRET_NAME: Final = re.compile(
    r"SECRET|PASSW(OR)?D|PWD|TOKEN|CREDENTIAL|(API|ACCESS|AUTH|MASTER|PRIVATE|SECRET|SIGNING)_?KEY",
    re.IGNORECASE,
)
# ... unless the name says it holds where the secret lives (`SIGNING_SECRET_ARN`, `DB_SECRET_NAME`),
# which is how a function finds the secret it reads at run time.
SECRET_REFERENCE_NAME: Final = re.compile(r"_(ARN|NAME|ID|PARAMETER)$", re.IGNORECASE)
# MW-08: values that are credentials whatever the variable is called (AWS access key ids, PEM keys).
SECRET_VALUE: Final = re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----")
