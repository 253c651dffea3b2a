"""Physical names the two webapp stacks share without a cross-stack reference.

`WebApp-<env>` (the stack's region) and `WebAppEdge-<env>` (us-east-1) cannot reference each
other's resources: CloudFormation exports do not cross regions. The few names both need are
therefore derived here, from the configuration and the account, the same way in both stacks.
"""

from __future__ import annotations

from aws_cdk import Stack

from stacks.config import EnvironmentConfig


def prefix(config: EnvironmentConfig) -> str:
    """`fintech-<env>`: every physical name of the web app starts with it."""
    return f"fintech-{config.name}"


def task_role_name(config: EnvironmentConfig) -> str:
    """The ECS task role, granted read access to the assets bucket by the edge stack (TX-09)."""
    return f"{prefix(config)}-webapp-task"


def assets_bucket_name(stack: Stack, config: EnvironmentConfig) -> str:
    """The assets bucket in us-east-1; the account keeps the name globally unique."""
    return f"{prefix(config)}-webapp-assets-{stack.account}"
