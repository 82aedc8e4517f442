"""Figure 2 (issue 3): one full evaluation of a company, its time and its peak memory.

Hours for everyone (`count_hours` over all the days for every employee), every rule
(`evaluate`), and the store's claims (`claim_many` into a fresh database file), on the
attendance `tcbot scan` reads (timesheet + extended-sessions). Next to two baselines from the
same run: `json.loads` of the raw replies those records came from, and a trivial pass that
touches every record once.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from time import perf_counter

from bench_client import TIMEOUT, post
from common import NOW, Figure, Row, Sizes, time_it, traced_peak
from timeclock_process import TimeClockInfo

from tcbot.alerts.evaluate import evaluate
from tcbot.attendance.hours import Hours, count_hours
from tcbot.attendance.query import company_zone
from tcbot.policy.load import parse_policy
from tcbot.policy.model import Policy
from tcbot.store import Store
from tcbot.timeclock.client import TimeClockClient
from tcbot.timeclock.records import Attendance

METHODS = ("timesheet", "extended-sessions")  # what `tcbot scan` reads
LOADS = "json.loads of the replies"
TRIVIAL = "one pass over the records"


@dataclass(frozen=True, slots=True)
class Evaluation:
    hours_s: float
    rules_s: float
    claims_s: float
    people: int
    alerts: int
    claimed: int


def run(sizes: Sizes, server: TimeClockInfo) -> Figure:
    figure = Figure(
        key="evaluation",
        title="2. One full evaluation: hours for everyone + all rules + claims (issue 3)",
        setup=(
            f"{server.employees:,} employees x {server.days} days ({server.first_day}.."
            f"{server.today}) read once with {' + '.join(METHODS)}; each run claims into a"
            " fresh SQLite file"
        ),
    )
    policy = parse_policy(server.policy_toml, source="sandbox company")
    raw = [post(server, method) for method in METHODS]
    loads, _ = time_it(partial(_decode, raw), sizes.repeats)
    loads_peak, _ = traced_peak(partial(_decode, raw))
    del raw

    with TimeClockClient(url=server.url, token=server.token, timeout=TIMEOUT) as client:
        attendance = client.fetch(METHODS, server.first_day, server.today)
    trivial, _ = time_it(partial(touch_every_record, attendance), sizes.repeats)
    with tempfile.TemporaryDirectory(prefix="tcbot-bench-") as folder:
        databases = (Path(folder) / f"run{n}.db" for n in range(sizes.repeats + 1))
        one = partial(evaluate_all, attendance, policy, server, databases)
        timing, outcome = time_it(one, sizes.repeats)
        peak, _ = traced_peak(one)

    total = timing.median
    figure.add(
        Row("full evaluation: time", total, "s", loads.median, LOADS),
        Row("full evaluation: time", total, "s", trivial.median, TRIVIAL),
        Row("  hours for everyone (count_hours)", outcome.hours_s, "s", loads.median, LOADS),
        Row("  all rules (evaluate)", outcome.rules_s, "s", loads.median, LOADS),
        Row("  claims (claim_many, fresh db)", outcome.claims_s, "s", loads.median, LOADS),
        Row("full evaluation: tracemalloc peak", peak, "bytes", loads_peak, LOADS),
        Row("employees counted", outcome.people),
        Row("alerts raised", outcome.alerts),
        Row("alerts claimed (all new)", outcome.claimed),
    )
    return figure


def evaluate_all(
    attendance: Attendance, policy: Policy, server: TimeClockInfo, databases: Iterator[Path]
) -> Evaluation:
    """One evaluation, timed in its three parts; the store is opened (and migrated) untimed."""
    store = Store.open(next(databases))
    try:
        began = perf_counter()
        hours = hours_for_everyone(attendance, policy, server)
        counted = perf_counter()
        alerts = evaluate(attendance, policy, now=NOW, start=server.first_day, end=server.today)
        judged = perf_counter()
        claimed = store.alerts.claim_many(alerts, now=NOW)
        done = perf_counter()
    finally:
        store.close()
    return Evaluation(
        hours_s=counted - began,
        rules_s=judged - counted,
        claims_s=done - judged,
        people=len(hours),
        alerts=len(alerts),
        claimed=len(claimed),
    )


def hours_for_everyone(
    attendance: Attendance, policy: Policy, server: TimeClockInfo
) -> list[Hours]:
    zone = company_zone(policy, attendance)
    return [
        count_hours(
            employee,
            attendance.sessions_of(number),
            attendance.lunches_of(number),
            start=server.first_day,
            end=server.today,
            zone=zone,
            policy=policy,
            now=NOW,
        )
        for number, employee in attendance.employees.items()
    ]


def touch_every_record(attendance: Attendance) -> int:
    """The least any evaluation must do: look at each session and lunch once."""
    closed = 0
    for sessions in attendance.sessions.values():
        for session in sessions:
            closed += session.end is not None and session.start < session.end
    for lunches in attendance.lunches.values():
        for lunch in lunches:
            closed += lunch.end is not None and lunch.start < lunch.end
    return closed


def _decode(raw: list[bytes]) -> list[object]:
    return [json.loads(body) for body in raw]
