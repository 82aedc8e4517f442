"""`tcbot run --http` as a real child process against both sandboxes, for the restart,
two-process and secrets tests: start it, watch its log lines, kill or stop it, and read the
database it leaves."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tcbot.sandbox.company import Company
from tcbot.sandbox.faults import Faults
from tcbot.sandbox.slack_api import SandboxSlack
from tcbot.sandbox.timeclock_api import SandboxServer
from tests.sandboxes import running_sandboxes, scrubbed_env
from tests.test_run import STARTUP, StderrLines

ARGS = ["run", "--http", "--port", "0", "--host", "127.0.0.1"]
RUN = [sys.executable, "-m", "tcbot", *ARGS]
# The same `tcbot run`, with the outbox drained every `deliver_every` s instead of every 5 s
# (the default Bot takes from tcbot.schedule when tcbot.runtime is first imported), so that
# kills land in deliveries without waiting 5 s each time.
QUICK_RUN = [
    sys.executable,
    "-c",
    "import sys, datetime, tcbot.schedule as s;"
    " s.DELIVER_EVERY = datetime.timedelta(seconds=float(sys.argv[1]));"
    " from tcbot.cli import main; sys.exit(main(sys.argv[2:]))",
]


@dataclass(slots=True)
class Boxes:
    company: Company
    timeclock: SandboxServer
    slack: SandboxSlack
    faults: Faults
    env: dict[str, str]
    db_path: Path


@contextmanager
def sandboxes(tmp_path: Path, *, employees: int = 40, latency: float = 0.0) -> Iterator[Boxes]:
    """Both sandboxes (TimeClock answering after `latency` s) and the environment of a
    `tcbot run` pointed at them, on the wall clock as `tcbot run` is."""
    faults = Faults(latency=latency)
    with running_sandboxes(tmp_path, employees=employees, faults=faults) as boxes:
        env = {**scrubbed_env(tmp_path), **boxes.env}
        db_path = tmp_path / "tcbot.db"
        yield Boxes(boxes.company, boxes.timeclock, boxes.slack, faults, env, db_path)


class Child:
    """One `tcbot run --http` process and its stderr, line by line."""

    def __init__(self, boxes: Boxes, cwd: Path, *, deliver_every: float | None = None) -> None:
        command = RUN if deliver_every is None else [*QUICK_RUN, str(deliver_every), *ARGS]
        self.process = subprocess.Popen(
            command,
            env=boxes.env,
            cwd=cwd,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self.stderr = StderrLines(self.process)

    def wait_for(self, pattern: str, timeout: float = 15.0) -> None:
        self.stderr.wait_for(pattern, timeout)

    def saw(self, pattern: str) -> bool:
        try:
            self.stderr.wait_for(pattern, timeout=0)
        except AssertionError:
            return False
        return True

    def kill(self) -> None:
        """SIGKILL: no handler runs, no transaction finishes."""
        self.process.kill()
        self._reap()

    def stop(self, timeout: float = 15.0) -> int:
        """SIGTERM, as an operator stops it; returns the exit code."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self._reap()

    def _reap(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.stderr.finish()
        if self.process.stderr is not None:
            self.process.stderr.close()


@contextmanager
def child(boxes: Boxes, cwd: Path, *, deliver_every: float | None = None) -> Iterator[Child]:
    started = Child(boxes, cwd, deliver_every=deliver_every)
    try:
        started.wait_for(STARTUP.pattern)
        yield started
    finally:
        if started.process.poll() is None:
            started.kill()
        started._reap()  # noqa: SLF001 - idempotent


def rows(db_path: Path, sql: str) -> list[sqlite3.Row]:
    """Read the file as another program would, without tcbot's Store."""
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return list(conn.execute(sql))
