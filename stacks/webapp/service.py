"""The web tier's ECS Fargate service behind the ALB (TX-08).

- a cluster with Container Insights, whose performance log group is created here first so it
  is KMS-encrypted and kept 30 days (MW-02) instead of being created implicitly by ECS;
- at least `ECS_MIN_TASKS` tasks in the private subnets, no public IP, on the latest platform;
- FARGATE for the first `FARGATE_BASE_TASKS` task, FARGATE and FARGATE_SPOT alike above it;
- a deployment circuit breaker that rolls back; scaling `ECS_MIN_TASKS`..`ECS_MAX_TASKS` on
  CPU (`ECS_SCALING_CPU_PERCENT`) and memory (`ECS_SCALING_MEMORY_PERCENT`).
The task definition and its roles are `task.WebTask` (TX-09).
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_kms as kms
from constructs import Construct

from policies.constants import (
    ECS_MAX_TASKS,
    ECS_MIN_TASKS,
    ECS_SCALING_CPU_PERCENT,
    ECS_SCALING_MEMORY_PERCENT,
    FARGATE_BASE_TASKS,
)
from stacks.defaults import log_group

HEALTH_CHECK_GRACE = Duration.seconds(60)
STRATEGY = (
    ecs.CapacityProviderStrategy(capacity_provider="FARGATE", base=FARGATE_BASE_TASKS, weight=1),
    ecs.CapacityProviderStrategy(capacity_provider="FARGATE_SPOT", weight=1),
)


class WebService(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        cluster_name: str,
        vpc: ec2.IVpc,
        security_group: ec2.ISecurityGroup,
        target_group: elbv2.ApplicationTargetGroup,
        task_definition: ecs.FargateTaskDefinition,
        log_key: kms.IKey,
    ) -> None:
        super().__init__(scope, construct_id)
        self.insights_log_group = log_group(
            self,
            "InsightsLogs",
            encryption_key=log_key,
            log_group_name=f"/aws/ecs/containerinsights/{cluster_name}/performance",
        )
        self.cluster = ecs.Cluster(
            self,
            "Cluster",
            cluster_name=cluster_name,
            vpc=vpc,
            container_insights_v2=ecs.ContainerInsights.ENABLED,
        )
        self.cluster.node.add_dependency(self.insights_log_group)
        # Declared here, not with `enable_fargate_capacity_providers`: CDK creates that association
        # late, out of reach of a DependsOn, and a service naming FARGATE_SPOT before the cluster
        # offers it fails to create.
        self.capacity_providers = ecs.CfnClusterCapacityProviderAssociations(
            self,
            "CapacityProviders",
            cluster=self.cluster.cluster_name,
            capacity_providers=[strategy.capacity_provider for strategy in STRATEGY],
            default_capacity_provider_strategy=[
                ecs.CfnClusterCapacityProviderAssociations.CapacityProviderStrategyProperty(
                    capacity_provider=strategy.capacity_provider, base=strategy.base, weight=strategy.weight
                )
                for strategy in STRATEGY
            ],
        )
        self.service = ecs.FargateService(
            self,
            "Service",
            cluster=self.cluster,
            task_definition=task_definition,
            desired_count=ECS_MIN_TASKS,
            min_healthy_percent=100,
            max_healthy_percent=200,
            assign_public_ip=False,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            security_groups=[security_group],
            platform_version=ecs.FargatePlatformVersion.LATEST,
            circuit_breaker=ecs.DeploymentCircuitBreaker(enable=True, rollback=True),
            capacity_provider_strategies=list(STRATEGY),
            health_check_grace_period=HEALTH_CHECK_GRACE,
            propagate_tags=ecs.PropagatedTagSource.SERVICE,
            enable_ecs_managed_tags=True,
        )
        self.service.node.add_dependency(self.capacity_providers)
        self.service.attach_to_application_target_group(target_group)
        scaling = self.service.auto_scale_task_count(min_capacity=ECS_MIN_TASKS, max_capacity=ECS_MAX_TASKS)
        scaling.scale_on_cpu_utilization("Cpu", target_utilization_percent=ECS_SCALING_CPU_PERCENT)
        scaling.scale_on_memory_utilization("Memory", target_utilization_percent=ECS_SCALING_MEMORY_PERCENT)
