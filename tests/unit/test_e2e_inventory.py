"""MW-05: how the e2e suite records each handler's calls and holds them against the inventory file."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.stub import Stubber

from tests.e2e.inventory import check
from tests.e2e.recorder import Recorder, targets_of
from tools.gate.inventory import dumps, load

HANDLER = "fn.handler.lambda_handler"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:payment_events-1a2b3c4d"
SEEN = {HANDLER: {"sns:Publish": frozenset({"$TOPIC_ARN"})}}


def test_a_call_is_recorded_as_its_iam_action_on_the_variable_naming_its_target() -> None:
    # GIVEN a recorder on the session a handler's SNS client comes from
    recorder = Recorder()
    session = boto3.session.Session(aws_access_key_id="k", aws_secret_access_key="s", region_name="eu-west-1")
    recorder.attach(session.events, handler=HANDLER, environment={"TOPIC_ARN": TOPIC, "ENVIRONMENT": "e2e"})
    sns = session.client("sns")
    # WHEN the handler publishes twice
    with Stubber(sns) as stub:
        for _ in range(2):
            stub.add_response("publish", {"MessageId": "m"}, {"TopicArn": TOPIC, "Message": "e2e"})
            sns.publish(TopicArn=TOPIC, Message="e2e")
    # THEN the inventory holds sns:Publish on $TOPIC_ARN (a message body is no target)
    assert recorder.inventory() == SEEN


def test_a_target_from_no_environment_variable_is_named_by_its_parameter() -> None:
    params = {"QueueUrl": "https://sqs/q", "TableName": "t", "MessageBody": "https://sqs/q"}
    assert targets_of(params, {"TABLE": "t"}) == {"?QueueUrl", "$TABLE"}


def test_a_function_invoked_without_any_call_is_in_the_inventory() -> None:
    recorder = Recorder()
    recorder.invoked(HANDLER)
    assert recorder.inventory() == {HANDLER: {}}


def test_a_run_that_matches_the_file_reports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "observed_calls.json"
    path.write_text(dumps(SEEN))
    assert check(SEEN, complete=True, update=False, path=path).lines == ()


def test_a_call_the_file_lacks_fails_even_a_partial_run(tmp_path: Path) -> None:
    path = tmp_path / "observed_calls.json"
    path.write_text(dumps({HANDLER: {}}))
    verdict = check(SEEN, complete=False, update=False, path=path)
    assert verdict.failed
    assert f"+ {HANDLER}: sns:Publish on $TOPIC_ARN" in verdict.lines
    assert "FINTECH_UPDATE_INVENTORY=1 pytest tests/e2e" in verdict.lines[-1]


def test_an_entry_nothing_needs_fails_only_a_complete_run(tmp_path: Path) -> None:
    path = tmp_path / "observed_calls.json"
    path.write_text(dumps({**SEEN, "old.handler.lambda_handler": {}}))
    assert not check(SEEN, complete=False, update=False, path=path).failed
    assert check(SEEN, complete=True, update=False, path=path).failed


def test_an_update_rewrites_the_file_after_a_complete_run(tmp_path: Path) -> None:
    path = tmp_path / "observed_calls.json"
    path.write_text(dumps({HANDLER: {}}))
    verdict = check(SEEN, complete=True, update=True, path=path)
    assert (verdict.failed, load(path)) == (False, SEEN)


def test_an_update_is_refused_after_a_partial_run(tmp_path: Path) -> None:
    path = tmp_path / "observed_calls.json"
    path.write_text(dumps({HANDLER: {}}))
    verdict = check(SEEN, complete=False, update=True, path=path)
    assert (verdict.failed, load(path)) == (True, {HANDLER: {}})
