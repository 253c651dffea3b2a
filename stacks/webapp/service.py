"""The web tier: an ECS Fargate service behind the ALB (TX-08, TX-09).

- cluster with Container Insights, whose performance log group is created here first so it is
  KMS-encrypted and kept 30 days (MW-02);
- at least `ECS_MIN_TASKS` tasks in the private subnets, no public IP; FARGATE for the first
  `FARGATE_BASE_TASKS` task, FARGATE and FARGATE_SPOT alike above it; a deployment circuit
  breaker that rolls back; scaling `ECS_MIN_TASKS`..`ECS_MAX_TASKS` on CPU and memory;
- the execution role (pull, logs, inject the database secret) and the task role (what the app
  may do: `permissions`) are separate roles; both are handed to ECS immutable, so no CDK
  default grant can widen them;
- database credentials reach the container as ECS secrets (`DB_USERNAME`, `DB_PASSWORD`);
  plain variables are resource identifiers only;
- read-only root filesystem: the image writes only to `/tmp`, a task volume. Fargate creates a
  bind mount owned by root, so a short-lived `init` container (same image, read-only root too)
  opens it to the unprivileged web user before `web` starts.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from policies.constants import (
    ECS_MAX_TASKS,
    ECS_MIN_TASKS,
    ECS_SCALING_CPU_PERCENT,
    ECS_SCALING_MEMORY_PERCENT,
    FARGATE_BASE_TASKS,
)
from stacks.acknowledgments import acknowledge
from stacks.defaults import log_group

EXPIRES = "2027-05-31"
WRITABLE_PATH = "/tmp"  # noqa: S108 - a per-task scratch volume, not a shared host directory
SCRATCH_VOLUME = "scratch"
HEALTH_CHECK_GRACE = Duration.seconds(60)
ENVIRONMENT_REASON = (
    "The container's plain environment variables hold resource identifiers only (database host names "
    "and port, table, bucket and function names, the secret's ARN); the credentials are ECS secrets."
)


def _ecs_role(scope: Construct, construct_id: str, *, description: str, role_name: str | None = None) -> iam.Role:
    return iam.Role(
        scope,
        construct_id,
        role_name=role_name,
        assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
        description=description,
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
        image: str,
        container_port: int,
        cpu: int,
        memory_mib: int,
        task_role_name: str,
        task_statements: list[iam.PolicyStatement],
        execution_statements: list[iam.PolicyStatement],
        database_secret: secretsmanager.ISecret,
        environment: Mapping[str, str],
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
            enable_fargate_capacity_providers=True,
        )
        self.cluster.node.add_dependency(self.insights_log_group)
        self.log_group = log_group(self, "ContainerLogs", encryption_key=log_key)

        self.execution_role = _ecs_role(self, "ExecutionRole", description="ECS execution role of the web tier")
        self.task_role = _ecs_role(
            self, "TaskRole", description="ECS task role of the web tier", role_name=task_role_name
        )
        self.execution_policy = iam.ManagedPolicy(
            self,
            "ExecutionPolicy",
            description="Web tier execution: write its container log group, inject the database secret",
            roles=[self.execution_role],
            statements=[
                iam.PolicyStatement(
                    sid="WriteContainerLogs",
                    actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[self.log_group.log_group_arn],
                ),
                *execution_statements,
            ],
        )
        self.task_policy = iam.ManagedPolicy(
            self,
            "TaskPolicy",
            description="Web tier application: its secret, sessions, the validator (assets: bucket policy)",
            roles=[self.task_role],
            statements=task_statements,
        )
        self.task_definition = self._task_definition(
            image=image,
            container_port=container_port,
            cpu=cpu,
            memory_mib=memory_mib,
            database_secret=database_secret,
            environment=environment,
        )
        self.service = ecs.FargateService(
            self,
            "Service",
            cluster=self.cluster,
            task_definition=self.task_definition,
            desired_count=ECS_MIN_TASKS,
            min_healthy_percent=100,
            max_healthy_percent=200,
            assign_public_ip=False,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            security_groups=[security_group],
            platform_version=ecs.FargatePlatformVersion.LATEST,
            circuit_breaker=ecs.DeploymentCircuitBreaker(enable=True, rollback=True),
            capacity_provider_strategies=[
                ecs.CapacityProviderStrategy(capacity_provider="FARGATE", base=FARGATE_BASE_TASKS, weight=1),
                ecs.CapacityProviderStrategy(capacity_provider="FARGATE_SPOT", weight=1),
            ],
            health_check_grace_period=HEALTH_CHECK_GRACE,
            propagate_tags=ecs.PropagatedTagSource.SERVICE,
            enable_ecs_managed_tags=True,
        )
        self.service.node.add_dependency(self.execution_policy, self.task_policy)
        self.service.attach_to_application_target_group(target_group)
        scaling = self.service.auto_scale_task_count(min_capacity=ECS_MIN_TASKS, max_capacity=ECS_MAX_TASKS)
        scaling.scale_on_cpu_utilization("Cpu", target_utilization_percent=ECS_SCALING_CPU_PERCENT)
        scaling.scale_on_memory_utilization("Memory", target_utilization_percent=ECS_SCALING_MEMORY_PERCENT)

    def _task_definition(
        self,
        *,
        image: str,
        container_port: int,
        cpu: int,
        memory_mib: int,
        database_secret: secretsmanager.ISecret,
        environment: Mapping[str, str],
    ) -> ecs.FargateTaskDefinition:
        task = ecs.FargateTaskDefinition(
            self,
            "Task",
            cpu=cpu,
            memory_limit_mib=memory_mib,
            execution_role=self.execution_role.without_policy_updates(),
            task_role=self.task_role.without_policy_updates(),
            runtime_platform=ecs.RuntimePlatform(
                cpu_architecture=ecs.CpuArchitecture.X86_64,
                operating_system_family=ecs.OperatingSystemFamily.LINUX,
            ),
            volumes=[ecs.Volume(name=SCRATCH_VOLUME)],
        )
        scratch = ecs.MountPoint(container_path=WRITABLE_PATH, source_volume=SCRATCH_VOLUME, read_only=False)
        init = task.add_container(
            "init",
            image=ecs.ContainerImage.from_registry(image),
            essential=False,
            user="0",
            entry_point=["/bin/sh", "-c"],
            command=[f"chmod 1777 {WRITABLE_PATH}"],
            readonly_root_filesystem=True,
            logging=self._logging("init"),
        )
        init.add_mount_points(scratch)
        web = task.add_container(
            "web",
            image=ecs.ContainerImage.from_registry(image),
            essential=True,
            port_mappings=[ecs.PortMapping(container_port=container_port, name="http")],
            readonly_root_filesystem=True,
            environment=dict(environment),
            secrets={
                "DB_USERNAME": ecs.Secret.from_secrets_manager(database_secret, "username"),
                "DB_PASSWORD": ecs.Secret.from_secrets_manager(database_secret, "password"),
            },
            logging=self._logging("web"),
        )
        web.add_mount_points(scratch)
        web.add_container_dependencies(
            ecs.ContainerDependency(container=init, condition=ecs.ContainerDependencyCondition.SUCCESS)
        )
        acknowledge(task, "AwsSolutions-ECS2", reason=ENVIRONMENT_REASON, expires=EXPIRES)
        return task

    def _logging(self, stream_prefix: str) -> ecs.LogDriver:
        return ecs.LogDrivers.aws_logs(
            stream_prefix=stream_prefix, log_group=self.log_group, mode=ecs.AwsLogDriverMode.NON_BLOCKING
        )

    @property
    def container_log_group(self) -> logs.ILogGroup:
        return self.log_group
