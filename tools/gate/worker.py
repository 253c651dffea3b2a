"""What the gate's tool workers share: their request/reply protocol on stdin/stdout (GT-03).

A worker imports its tool once, then answers request lines on stdin, one JSON reply line each on
stdout, until end of input. A request is `{"templates": [path, ...], "output": path}`, plus
`"jobs": n` to spread the templates over n processes forked from the warm worker. A reply is
`{"ok": true, "output": ..., ...}` or `{"ok": false, "error": "..."}`. Standard library only: the
Checkov worker runs it in Checkov's own virtualenv.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TextIO, TypeVar

T = TypeVar("T")


class UserError(Exception):
    """A mistake in the request or the command line: reported in one line, never a traceback."""


@dataclass(frozen=True)
class Request:
    templates: list[str]
    output: str
    jobs: int = 1


def parse_request(line: str) -> Request:
    try:
        request = json.loads(line)
    except ValueError as exc:
        raise UserError(f"request is not JSON: {exc}") from exc
    request = request if isinstance(request, dict) else {}
    templates, output, jobs = request.get("templates"), request.get("output"), request.get("jobs", 1)
    if not (
        isinstance(templates, list)
        and all(isinstance(t, str) for t in templates)
        and isinstance(output, str)
        and type(jobs) is int
        and jobs >= 1
    ):
        raise UserError('a request is {"templates": [path, ...], "output": path, "jobs": n >= 1 (optional)}')
    return Request(templates, output, jobs)


def require_files(templates: Sequence[str]) -> None:
    missing = [template for template in templates if not Path(template).is_file()]
    if missing:
        raise UserError(f"template not found: {missing[0]}")


def write(output: str, document: Any) -> None:
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror}") from exc


def serve(name: str, handle: Callable[[Request], dict[str, Any]], requests: TextIO, replies: TextIO) -> int:
    """Answer every request line with `handle`; 1 if one of them failed."""
    status = 0
    for line in requests:
        if not line.strip():
            continue
        try:
            reply = {"ok": True, **handle(parse_request(line))}
        except UserError as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            reply, status = {"ok": False, "error": str(exc)}, 1
        replies.write(json.dumps(reply) + "\n")
        replies.flush()
    return status


@contextlib.contextmanager
def stdout_reserved() -> Iterator[TextIO]:
    """The real stdout for replies only; anything else printed (by the tool) goes to stderr."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        yield replies
    finally:
        replies.close()


def settle() -> None:
    """Call once the tool is imported: its objects live as long as the worker, so the collector stops
    scanning them, and forked processes do not copy their pages by touching them (`gc.freeze`).
    Measured on the app's templates: cfn-lint lints about 10% faster."""
    gc.freeze()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: for a scan that builds a large object graph and frees it
    whole (Checkov's scan of the app's templates: a third faster, the same peak memory)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def exit_now(status: int) -> None:
    """End the worker without the interpreter's teardown of the tool's objects (over a second for
    Checkov), once every output is written and the reply sent."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def shares(sizes: Mapping[str, int], jobs: int) -> list[list[str]]:
    """The templates (path -> bytes) in at most `jobs` groups of about equal bytes: largest first,
    each to the lightest group. No empty group; groups and members keep the order given."""
    order = list(sizes)
    loads = [0] * max(1, min(jobs, len(order)))
    groups: list[list[str]] = [[] for _ in loads]
    for template in sorted(order, key=lambda t: -sizes[t]):
        lightest = loads.index(min(loads))
        loads[lightest] += sizes[template]
        groups[lightest].append(template)
    ordered = [sorted(group, key=order.index) for group in groups if group]
    return sorted(ordered, key=lambda group: order.index(group[0]))


def in_parallel(task: Callable[[list[str]], T], groups: Sequence[list[str]]) -> list[T]:
    """`task(group)` for every group: the first here, the others in processes forked from this one
    (they inherit the imported tool, nothing is loaded twice). Results in the order of `groups`."""
    if len(groups) <= 1:
        return [task(group) for group in groups]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(groups) - 1, mp_context=context) as pool:
        forked = [pool.submit(task, group) for group in groups[1:]]
        here = task(groups[0])
        return [here, *(future.result() for future in forked)]


class Arguments(argparse.ArgumentParser):
    """A worker's command line: a usage error is one line naming the worker, exit status 2."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog.rsplit('.', 1)[-1]}: {message} (see --help)", file=sys.stderr)
        raise SystemExit(2)
