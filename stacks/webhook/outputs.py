"""The webhook stack's outputs; every export name starts with the stack name, so carries the environment."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_sqs as sqs


def export_name(stack: Stack, name: str) -> str:
    return f"{stack.stack_name}-{name}"


def export(stack: Stack, name: str, value: str, *, description: str) -> None:
    CfnOutput(stack, name, value=value, description=description, export_name=export_name(stack, name))


def export_replay_targets(stack: Stack, replay: Mapping[str, tuple[sqs.IQueue, str]]) -> None:
    """For every DLQ its URL and where `tools.replay_dlq` sends its messages back to (WH-09)."""
    for name, (queue, target) in replay.items():
        export(stack, f"{name}Url", queue.queue_url, description=f"DLQ {name}: --dlq of tools.replay_dlq")
        export(
            stack,
            f"{name}ReplayTarget",
            target,
            description=f"Where {name} replays to: --to of tools.replay_dlq",
        )
