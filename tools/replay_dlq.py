"""Replay a dead-letter queue back to where its messages came from (WH-09).

    python -m tools.replay_dlq --dlq <queue url> --to <sns topic arn | sqs queue url>
        [--max N] [--dry-run] [--region R] [--endpoint-url URL] [--wait-seconds S]

Which DLQ goes where is in the stack outputs: the webhook_handler DLQ -> the topic; each
consumer queue's DLQ -> that queue; each subscription's DLQ -> that subscription's queue.

Each message is received, sent on (body and message attributes, minus `failure`, which only
says why it was dead-lettered) and deleted from the DLQ only once the send succeeded. A message
that could not be sent stays in the DLQ and is made visible again at the end of the run. The
consumers are idempotent, so a message that was sent but could not be deleted is harmless when
replayed again. `--dry-run` sends and deletes nothing and leaves every message in place.

One line per batch and a summary on stdout. Exit 0 when every message was moved, 1 when some
could not be (or the DLQ could not be read), 2 on bad arguments (one line on stderr).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NoReturn, TextIO

EXIT_OK: Final = 0
EXIT_NOT_ALL_MOVED: Final = 1
EXIT_USAGE: Final = 2

DROPPED_ATTRIBUTES: Final = frozenset({"failure"})
BATCH_SIZE: Final = 10  # SQS ReceiveMessage maximum
VISIBILITY_TIMEOUT_SECONDS: Final = 300  # a message being replayed is hidden this long

_SNS_TOPIC_ARN: Final = re.compile(
    r"arn:aws[a-z-]*:sns:([a-z0-9-]+):[0-9]{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?"
)
_SQS_QUEUE_URL: Final = re.compile(r"https?://([^/\s]+)/[0-9]{12}/[A-Za-z0-9_-]{1,80}(?:\.fifo)?")
_SQS_HOST_REGION: Final = re.compile(
    r"sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|([a-z0-9-]+)\.queue\.amazonaws\.com"
)


class UsageError(Exception):
    """Bad command-line arguments: reported on one line, exit 2."""


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # "sns" or "sqs"
    address: str  # topic ARN or queue URL
    region: str | None


@dataclass(frozen=True, slots=True)
class Message:
    message_id: str
    receipt_handle: str
    body: str
    attributes: dict[str, dict[str, Any]]


@dataclass(slots=True)
class Summary:
    received: int = 0
    moved: int = 0
    failed: int = 0
    not_deleted: int = 0
    failures: dict[str, str] = field(default_factory=dict)  # message id -> error code
    read_error: str | None = None  # why receiving from the DLQ stopped early, if it did


def _queue_region(url: str) -> str | None:
    match = _SQS_QUEUE_URL.fullmatch(url)
    host = _SQS_HOST_REGION.fullmatch(match.group(1)) if match else None
    return (host.group(1) or host.group(2)) if host else None


def parse_queue_url(value: str, *, option: str) -> str:
    if not _SQS_QUEUE_URL.fullmatch(value):
        raise UsageError(
            f"{option} must be an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>)"
        )
    return value


def parse_target(value: str) -> Target:
    """An SNS topic ARN or an SQS queue URL, else UsageError."""
    topic = _SNS_TOPIC_ARN.fullmatch(value)
    if topic:
        return Target(kind="sns", address=value, region=topic.group(1))
    if _SQS_QUEUE_URL.fullmatch(value):
        return Target(kind="sqs", address=value, region=_queue_region(value))
    raise UsageError("--to must be an SNS topic ARN or an SQS queue URL")


def forwarded_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The message attributes to send on: all but `failure`, as DataType + String/BinaryValue."""
    forwarded: dict[str, dict[str, Any]] = {}
    for name, value in attributes.items():
        if name in DROPPED_ATTRIBUTES:
            continue
        entry: dict[str, Any] = {"DataType": value["DataType"]}
        for key in ("StringValue", "BinaryValue"):
            if key in value:
                entry[key] = value[key]
        forwarded[name] = entry
    return forwarded


def _error_code(error: Exception) -> str:
    response = getattr(error, "response", None)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    return code if isinstance(code, str) and code else type(error).__name__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, not {text!r}")
    return int(text)


def _seconds(text: str) -> int:
    if not text.isdigit() or int(text) > 20:
        raise argparse.ArgumentTypeError(f"must be 0 to 20 seconds, not {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m tools.replay_dlq", description="Move messages from a DLQ back to a topic or queue."
    )
    parser.add_argument("--dlq", required=True, help="URL of the dead-letter queue to drain")
    parser.add_argument("--to", required=True, help="SNS topic ARN or SQS queue URL to send the messages to")
    parser.add_argument(
        "--max", type=_positive_int, default=None, help="move at most N messages (default: all)"
    )
    parser.add_argument("--dry-run", action="store_true", help="only count and show; send and delete nothing")
    parser.add_argument(
        "--region", default=None, help="AWS region (default: from --to or --dlq, else the environment)"
    )
    parser.add_argument("--endpoint-url", default=None, help="AWS endpoint (e.g. a local emulator)")
    parser.add_argument(
        "--wait-seconds", type=_seconds, default=1, help="long-poll wait per receive (0-20, default 1)"
    )
    return parser


def receive(sqs: Any, dlq_url: str, *, limit: int, wait_seconds: int) -> list[Message]:
    response = sqs.receive_message(
        QueueUrl=dlq_url,
        MaxNumberOfMessages=limit,
        WaitTimeSeconds=wait_seconds,
        VisibilityTimeout=VISIBILITY_TIMEOUT_SECONDS,
        MessageAttributeNames=["All"],
    )
    return [
        Message(
            message_id=raw["MessageId"],
            receipt_handle=raw["ReceiptHandle"],
            body=raw["Body"],
            attributes=raw.get("MessageAttributes", {}),
        )
        for raw in response.get("Messages", [])
    ]


def sender(target: Target, client: Any) -> Callable[[Message], None]:
    """A function sending one message on to `target` (raises on failure)."""
    if target.kind == "sns":
        return lambda message: client.publish(
            TopicArn=target.address,
            Message=message.body,
            MessageAttributes=forwarded_attributes(message.attributes),
        )
    return lambda message: client.send_message(
        QueueUrl=target.address,
        MessageBody=message.body,
        MessageAttributes=forwarded_attributes(message.attributes),
    )


def _delete(sqs: Any, dlq_url: str, messages: list[Message]) -> int:
    """Delete `messages` from the DLQ; the number that could not be deleted."""
    if not messages:
        return 0
    entries = [{"Id": str(index), "ReceiptHandle": m.receipt_handle} for index, m in enumerate(messages)]
    try:
        response = sqs.delete_message_batch(QueueUrl=dlq_url, Entries=entries)
    except Exception:
        return len(messages)
    return len(response.get("Failed", []))


def _release(sqs: Any, dlq_url: str, messages: list[Message]) -> None:
    """Make messages left in the DLQ visible again now rather than after the visibility timeout."""
    for start in range(0, len(messages), BATCH_SIZE):
        chunk = messages[start : start + BATCH_SIZE]
        entries = [
            {"Id": str(index), "ReceiptHandle": m.receipt_handle, "VisibilityTimeout": 0}
            for index, m in enumerate(chunk)
        ]
        try:
            sqs.change_message_visibility_batch(QueueUrl=dlq_url, Entries=entries)
        except Exception:  # noqa: S112 - best effort: they reappear after the timeout anyway
            continue


def replay(
    sqs: Any,
    send: Callable[[Message], None],
    *,
    dlq_url: str,
    max_messages: int | None,
    dry_run: bool,
    wait_seconds: int,
    out: TextIO,
) -> Summary:
    """Move messages from `dlq_url` with `send` until the DLQ is empty or `max_messages` were handled."""
    summary = Summary()
    seen: set[str] = set()
    held: list[Message] = []  # received and still in the DLQ: released at the end
    batch_number = 0
    while max_messages is None or summary.received < max_messages:
        limit = BATCH_SIZE if max_messages is None else min(BATCH_SIZE, max_messages - summary.received)
        try:
            received = receive(sqs, dlq_url, limit=limit, wait_seconds=wait_seconds)
        except Exception as exc:
            summary.read_error = _error_code(exc)
            break
        batch = [m for m in received if m.message_id not in seen]
        if not batch:
            break
        batch_number += 1
        seen.update(m.message_id for m in batch)
        summary.received += len(batch)
        if dry_run:
            held.extend(batch)
            print(f"batch {batch_number}: received {len(batch)}, would move {len(batch)} (dry run)", file=out)
            continue
        sent: list[Message] = []
        for message in batch:
            try:
                send(message)
            except Exception as exc:
                summary.failures[message.message_id] = _error_code(exc)
                held.append(message)
            else:
                sent.append(message)
        not_deleted = _delete(sqs, dlq_url, sent)
        summary.moved += len(sent)
        summary.failed += len(batch) - len(sent)
        summary.not_deleted += not_deleted
        errors = sorted({summary.failures[m.message_id] for m in batch if m.message_id in summary.failures})
        detail = f" ({', '.join(errors)})" if errors else ""
        deletion = f", {not_deleted} sent but not deleted" if not_deleted else ""
        print(
            f"batch {batch_number}: received {len(batch)}, moved {len(sent)}, "
            f"failed {len(batch) - len(sent)}{detail}{deletion}",
            file=out,
        )
    _release(sqs, dlq_url, held)
    return summary


def _summary_line(summary: Summary, *, dlq_url: str, target: str, dry_run: bool) -> str:
    if dry_run:
        return f"dry run: {summary.received} message(s) in {dlq_url} would go to {target}; none was sent"
    line = f"moved {summary.moved} of {summary.received} message(s) from {dlq_url} to {target}"
    if summary.failed:
        line += f"; {summary.failed} could not be moved and stay in the DLQ"
    if summary.not_deleted:
        line += (
            f"; {summary.not_deleted} were sent but are still in the DLQ (replaying them again is harmless)"
        )
    return line


def _clients(args: argparse.Namespace, target: Target) -> tuple[Any, Any]:
    import boto3  # here, not at module level: `--help` and argument errors need no AWS SDK

    region = args.region or target.region or _queue_region(args.dlq)
    session = boto3.session.Session(region_name=region)
    sqs = session.client("sqs", endpoint_url=args.endpoint_url)
    return sqs, (session.client("sns", endpoint_url=args.endpoint_url) if target.kind == "sns" else sqs)


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        dlq_url = parse_queue_url(args.dlq, option="--dlq")
        target = parse_target(args.to)
        if target.address == dlq_url:
            raise UsageError("--to must not be the DLQ itself")
        sqs, target_client = _clients(args, target)
    except UsageError as exc:
        print(f"replay_dlq: error: {exc} (see --help)", file=err)
        return EXIT_USAGE
    except Exception as exc:  # e.g. no region configured
        print(f"replay_dlq: error: {_error_code(exc)}: {exc}", file=err)
        return EXIT_USAGE
    summary = replay(
        sqs,
        sender(target, target_client),
        dlq_url=dlq_url,
        max_messages=args.max,
        dry_run=args.dry_run,
        wait_seconds=args.wait_seconds,
        out=out,
    )
    print(_summary_line(summary, dlq_url=dlq_url, target=target.address, dry_run=args.dry_run), file=out)
    if summary.read_error:
        print(f"replay_dlq: error: cannot receive from {dlq_url}: {summary.read_error}", file=err)
    return EXIT_NOT_ALL_MOVED if summary.failed or summary.not_deleted or summary.read_error else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
