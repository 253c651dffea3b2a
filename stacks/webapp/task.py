"""The web tier's task definition and its two roles (TX-09).

- the execution role (write the container log group, inject the database secret) and the task
  role (what the app may do: `permissions`) are separate roles with customer-managed policies,
  handed to ECS immutable so no CDK default grant can widen them (MW-05);
- database credentials reach the container as ECS secrets (`DB_USERNAME`, `DB_PASSWORD`) from
  the RDS-managed secret; plain variables are resource identifiers only;
- container logs go to a KMS-encrypted 30-day log group (MW-02);
- read-only root filesystem: the image writes only to `/tmp`, a task volume. Fargate creates
  that bind mount owned by root, so a short-lived, non-essential `init` container (same image,
  read-only root too) opens it to the unprivileged web user before `web` starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from stacks.acknowledgments import acknowledge
from stacks.defaults import ACKNOWLEDGMENT_EXPIRY, log_group, log_write_statement

WRITABLE_PATH = "/tmp"  # noqa: S108 - a per-task scratch volume, not a shared host directory
SCRATCH_VOLUME = "scratch"
ENVIRONMENT_REASON = (
    "The container's plain environment variables hold resource identifiers only (database host names "
    "and port, table, bucket and function names, the secret's ARN); the credentials are ECS secrets."
)


def _ecs_role(
    scope: Construct, construct_id: str, *, description: str, role_name: str | None = None
) -> iam.Role:
    return iam.Role(
        scope,
        construct_id,
        role_name=role_name,
        assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
        description=description,
    )


class WebTask(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        image: str,
        container_port: int,
        cpu: int,
        memory_mib: int,
        task_role_name: str,
        task_statements: Sequence[iam.PolicyStatement],
        execution_statements: Sequence[iam.PolicyStatement],
        database_secret: secretsmanager.ISecret,
        environment: Mapping[str, str],
        log_key: kms.IKey,
    ) -> None:
        super().__init__(scope, construct_id)
        self.log_group = log_group(self, "ContainerLogs", encryption_key=log_key)
        self.execution_role = _ecs_role(
            self, "ExecutionRole", description="ECS execution role of the web tier"
        )
        self.task_role = _ecs_role(
            self, "TaskRole", description="ECS task role of the web tier", role_name=task_role_name
        )
        self.execution_policy = iam.ManagedPolicy(
            self,
            "ExecutionPolicy",
            description="Web tier execution: write its container log group, inject the database secret",
            roles=[self.execution_role],
            statements=[log_write_statement(self.log_group), *execution_statements],
        )
        self.task_policy = iam.ManagedPolicy(
            self,
            "TaskPolicy",
            description="Web tier application: its secret, sessions, the validator (assets: bucket policy)",
            roles=[self.task_role],
            statements=list(task_statements),
        )
        self.definition = ecs.FargateTaskDefinition(
            self,
            "Definition",
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
        self.definition.node.add_dependency(self.execution_policy, self.task_policy)
        scratch = ecs.MountPoint(container_path=WRITABLE_PATH, source_volume=SCRATCH_VOLUME, read_only=False)
        init = self.definition.add_container(
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
        self.web = self.definition.add_container(
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
        self.web.add_mount_points(scratch)
        self.web.add_container_dependencies(
            ecs.ContainerDependency(container=init, condition=ecs.ContainerDependencyCondition.SUCCESS)
        )
        acknowledge(
            self.definition, "AwsSolutions-ECS2", reason=ENVIRONMENT_REASON, expires=ACKNOWLEDGMENT_EXPIRY
        )

    def _logging(self, stream_prefix: str) -> ecs.LogDriver:
        return ecs.LogDrivers.aws_logs(
            stream_prefix=stream_prefix, log_group=self.log_group, mode=ecs.AwsLogDriverMode.NON_BLOCKING
        )
