"""The gate's progress on stderr, and how long each stage took (issue #4).

One line when a stage starts (`gate: synth ... started at 0.1 s`, seconds since the gate started),
one when it ends (`gate: synth ... 4.6 s`), indented lines for the tools inside a stage
(`gate:   checkov ... 4.5 s (...)`) and notes (`gate: templates written at ...`). On a terminal the
start line stays open and the end line replaces it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class Stages:
    """The stages' durations (`seconds`, for the report) and their progress lines on `out`."""

    out: TextIO
    seconds: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    _open: str = ""  # the start line of the running stage, while it is shown in place
    _lock: threading.Lock = field(default_factory=threading.Lock)  # notes come from a watcher thread too

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        self._write(f"gate: {name} ... started at {began - self.started:.1f} s", opens=True)
        try:
            yield
        except BaseException:
            self._interrupted()
            raise
        self.seconds[name] = round(time.perf_counter() - began, 2)
        self._write(f"gate: {name} ... {self.seconds[name]:.1f} s")

    def tool(self, name: str, seconds: float, detail: str = "") -> None:
        """One tool of the running stage finished."""
        self._write(f"gate:   {name} ... {seconds:.1f} s" + (f" ({detail})" if detail else ""), reopen=True)

    def note(self, text: str) -> None:
        self._write(f"gate: {text}", reopen=True)

    def _write(self, line: str, *, opens: bool = False, reopen: bool = False) -> None:
        """Print `line`. On a terminal, a stage's start line stays open (no newline) and the next
        line replaces it; `reopen` (the stage still runs) shows it again below that line."""
        with self._lock:
            if not self.out.isatty():
                print(line, file=self.out, flush=True)
                return
            shown = self._open
            self.out.write(("\r\x1b[K" if shown else "") + line + ("" if opens else "\n"))
            self._open = line if opens else shown if reopen else ""
            if reopen and shown:
                self.out.write(shown)
            self.out.flush()

    def _interrupted(self) -> None:
        """A stage failed: on a terminal its start line stays, and the error goes below it."""
        with self._lock:
            if self._open:
                self.out.write("\n")
                self.out.flush()
                self._open = ""
