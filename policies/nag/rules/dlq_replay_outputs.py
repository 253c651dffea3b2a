"""FinTech-DlqReplayOutputs (WH-09): every DLQ of the webhook pipeline can be replayed from its outputs.

In the webhook stacks a queue that no event source mapping consumes is a dead-letter queue. Each
needs the two outputs `tools.replay_dlq` takes (README, "Replaying a dead-letter queue"): `<Name>Url`
referencing the DLQ and `<Name>ReplayTarget` referencing where its messages go back to. Where the
template says where they came from, the target must be that: the queue whose redrive policy
names the DLQ, or, for an SNS subscription's redrive DLQ, the subscribed queue (the topic, for a
subscription to anything else). Outputs live in the construct tree only, hence a cdk-nag rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from policies.constants import DLQ_URL_OUTPUT_SUFFIX, REPLAY_TARGET_OUTPUT_SUFFIX, WEBHOOK_SYSTEM
from policies.nag.inventory import Inventory, Needs, Output, Resource, Verdict
from policies.nag.rule import Rule

QUEUE = "AWS::SQS::Queue"
EVENT_SOURCE = "AWS::Lambda::EventSourceMapping"
SUBSCRIPTION = "AWS::SNS::Subscription"


def _sources(stack: list[Resource]) -> dict[str, str]:
    """DLQ logical id -> logical id of where its messages came from, as far as the template says."""
    queues = {r.logical_id for r in stack if r.type == QUEUE}
    sources = {}
    for resource in stack:
        for dlq in resource.refers("RedrivePolicy"):
            if resource.type == QUEUE:
                sources[dlq] = resource.logical_id
            elif resource.type == SUBSCRIPTION:
                endpoint = [e for e in resource.refers("Endpoint") if e in queues]
                source = endpoint or list(resource.refers("TopicArn"))
                if source:
                    sources[dlq] = source[0]
    return sources


def _verdict(dlq: Resource, outputs: tuple[Output, ...], source: str | None) -> Verdict:
    urls = [o for o in outputs if o.id.endswith(DLQ_URL_OUTPUT_SUFFIX) and dlq.logical_id in o.references]
    if not urls:
        return Verdict(
            resource=dlq, compliant=False, message=f"no output *{DLQ_URL_OUTPUT_SUFFIX} names the DLQ"
        )
    name = urls[0].id.removesuffix(DLQ_URL_OUTPUT_SUFFIX)
    target = next((o for o in outputs if o.id == name + REPLAY_TARGET_OUTPUT_SUFFIX), None)
    if target is None or not target.references:
        return Verdict(
            resource=dlq,
            compliant=False,
            message=f"no output {name}{REPLAY_TARGET_OUTPUT_SUFFIX} naming where {urls[0].id} replays to",
        )
    if source is not None and source not in target.references:
        return Verdict(
            resource=dlq,
            compliant=False,
            message=f"{target.id} names {', '.join(target.references)}, but the DLQ is fed from {source}",
        )
    return Verdict(resource=dlq, compliant=True, message=f"replay with outputs {urls[0].id} and {target.id}")


def _evaluate(inventory: Inventory) -> Iterator[Verdict]:
    stacks: dict[str, list[Resource]] = {}
    for resource in inventory.in_system(WEBHOOK_SYSTEM):
        stacks.setdefault(resource.stack, []).append(resource)
    for stack, resources in stacks.items():
        consumed = {q for r in resources if r.type == EVENT_SOURCE for q in r.refers("EventSourceArn")}
        sources = _sources(resources)
        for dlq in resources:
            if dlq.type == QUEUE and dlq.logical_id not in consumed:
                yield _verdict(dlq, inventory.outputs.get(stack, ()), sources.get(dlq.logical_id))


RULE = Rule(
    name="DlqReplayOutputs",
    claims=("WH-09",),
    info="The DLQ has no <Name>Url and <Name>ReplayTarget outputs to replay it to where it came from.",
    explanation=(
        "WH-09: a documented command replays any DLQ back to where it came from; it takes the DLQ's URL "
        "and the replay target from the stack's outputs, so every DLQ needs both, naming the right source."
    ),
    needs=Needs(
        logical_ids=frozenset({QUEUE, "AWS::SNS::Topic"}),
        references={
            EVENT_SOURCE: ("EventSourceArn",),
            QUEUE: ("RedrivePolicy",),
            SUBSCRIPTION: ("RedrivePolicy", "Endpoint", "TopicArn"),
        },
        outputs=True,
    ),
    evaluate=_evaluate,
)
