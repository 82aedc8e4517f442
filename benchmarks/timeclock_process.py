"""The sandbox TimeClock for the benchmarks, in its own process.

What `tcbot sandbox timeclock --employees N --days D` serves, but with the records' `now`
pinned (common.NOW) so every run measures the same company, and in a separate process so
neither its CPU nor its memory (a 10,000-employee reply is built whole, tens of MB) is
counted as the client's. Run as a script it builds the company, serves it on 127.0.0.1,
prints one JSON line (url, policy, first and last day) and serves until its stdin closes.
"""

from __future__ import annotations

import argparse
import json
import selectors
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from common import NOW, TIMECLOCK_TOKEN

START_LIMIT_S = 180.0  # building 10,000 employees takes a few seconds; this bounds a hang
STOP_LIMIT_S = 10.0


@dataclass(frozen=True, slots=True)
class TimeClockInfo:
    url: str
    token: str
    policy_toml: str  # the company's policy file (teams, managers, channels)
    first_day: date
    today: date
    employees: int
    days: int


@contextmanager
def running_timeclock(employees: int, days: int) -> Iterator[TimeClockInfo]:
    """Start the sandbox TimeClock process; stopped (its stdin closed) on leaving."""
    command = [sys.executable, str(Path(__file__)), f"--employees={employees}", f"--days={days}"]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
    )
    try:
        yield _ready(process, employees, days)
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=STOP_LIMIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_LIMIT_S)
        if process.stdout is not None:
            process.stdout.close()


def _ready(process: subprocess.Popen[str], employees: int, days: int) -> TimeClockInfo:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=START_LIMIT_S):
            raise RuntimeError(f"the sandbox TimeClock did not start within {START_LIMIT_S} s")
    line = process.stdout.readline()
    if not line:
        raise RuntimeError(f"the sandbox TimeClock exited (code {process.wait()}) before serving")
    ready = json.loads(line)
    return TimeClockInfo(
        url=ready["url"],
        token=TIMECLOCK_TOKEN,
        policy_toml=ready["policy"],
        first_day=date.fromisoformat(ready["first_day"]),
        today=date.fromisoformat(ready["today"]),
        employees=employees,
        days=days,
    )


def main() -> int:
    from tcbot.sandbox.company import build_company
    from tcbot.sandbox.timeclock_api import serve_timeclock

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, required=True)
    parser.add_argument("--days", type=int, required=True)
    args = parser.parse_args()
    company = build_company(employees=args.employees, days=args.days, now=NOW)
    with serve_timeclock(company, token=TIMECLOCK_TOKEN) as server:
        ready = {
            "url": server.url,
            "policy": company.policy_toml(),
            "first_day": company.first_day.isoformat(),
            "today": company.today.isoformat(),
        }
        print(json.dumps(ready), flush=True)
        sys.stdin.read()  # until the benchmark closes our stdin (or exits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
