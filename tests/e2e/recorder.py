"""Which IAM actions each handler needs, recorded from the AWS calls it makes in the e2e tests (MW-05).

Every handler the e2e tests cold-start gets, next to its `Wiretap`, a hook of the process-wide
`RECORDER` on its boto3 session. Each API call is recorded once, when the client builds its
request (retries are one call; a call a wiretap fault makes fail still needed its permission), as
the IAM actions it needs (tools/gate/iam_actions.py) and the resources it targeted, named by the
environment variable that holds them (`$TOPIC_ARN`), so the gate can find the same resource in
the template. A function counts as exercised once it has been invoked, calls or not.
tests/e2e/inventory.py compares what a test session recorded with policies/observed_calls.json.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tools.gate.iam_actions import of_operation
from tools.gate.inventory import Inventory

# Request parameters that name the resource a call acts on.
RESOURCE_PARAMETERS = (
    "TopicArn",
    "TargetArn",
    "QueueUrl",
    "TableName",
    "SecretId",
    "FunctionName",
    "Bucket",
    "KeyId",
    "LogGroupName",
    "StreamName",
    "StateMachineArn",
)


def handler_of(package: str) -> str:
    """The handler string of a function whose code is `lambdas/<package>/handler.py`."""
    return f"{package}.handler.lambda_handler"


def targets_of(params: Mapping[str, Any], environment: Mapping[str, str]) -> set[str]:
    """`$VAR` for each resource parameter holding the value of environment variable VAR."""
    by_value = {value: name for name, value in environment.items()}
    return {
        f"${by_value[value]}" if value in by_value else f"?{name}"
        for name in RESOURCE_PARAMETERS
        if isinstance(value := params.get(name), str)
    }


@dataclass
class Recorder:
    observed: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # handler -> action -> targets

    def attach(self, events: Any, *, handler: str, environment: Mapping[str, str]) -> None:
        """Record the calls of every client created from the session owning `events`."""
        variables = dict(environment)

        def on_call(params: dict[str, Any], model: Any, **_: Any) -> None:
            calls = self.observed.setdefault(handler, {})
            for action in of_operation(model, params):
                calls.setdefault(action, set()).update(targets_of(params, variables))

        events.register("before-parameter-build", on_call)

    def invoked(self, handler: str) -> None:
        self.observed.setdefault(handler, {})

    def inventory(self) -> Inventory:
        return {h: {a: frozenset(t) for a, t in calls.items()} for h, calls in self.observed.items()}


RECORDER = Recorder()
