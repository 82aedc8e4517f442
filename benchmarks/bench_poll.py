"""Figure 3 (issue 5): the poll cycle against the sandbox TimeClock at full company size.

One `Poller.poll(now)` on a fresh database (every alert is new: claimed and queued as outbox
rows), then a second poll with the same data and the same `now` (nothing new: every claim is
already held, every open alert is checked for an ending). Time, tracemalloc peak and API
calls of each, next to the raw fetch of the same methods over the same window
(`httpx.post` + `json.loads`), measured in the same run.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import httpx
from bench_client import TIMEOUT
from common import NOW, Figure, Row, Sizes, Timing, time_it, traced_peak
from timeclock_process import TimeClockInfo

from tcbot.alerts.plan import Planner
from tcbot.alerts.poll import METHODS, Poller, PollResult, poll_window, read_from
from tcbot.policy.load import parse_policy
from tcbot.policy.model import Policy
from tcbot.store import Store
from tcbot.timeclock.client import TimeClockClient

RAW = "raw fetch, same methods"


@dataclass(frozen=True, slots=True)
class Cycle:
    first: PollResult
    second: PollResult
    queued: int  # outbox rows waiting after the first poll


def run(sizes: Sizes, server: TimeClockInfo) -> Figure:
    policy = parse_policy(server.policy_toml, source="sandbox company")
    window_start, end = poll_window(NOW)
    start = read_from(window_start, policy)
    figure = Figure(
        key="poll",
        title="3. The poll cycle (issue 5)",
        setup=(
            f"{server.employees:,} employees x {server.days} days in the sandbox; the poll reads"
            f" {' + '.join(METHODS)} for {start}..{end}: it judges yesterday and today in every"
            " zone, and reads from the night before the week for overtime_week"
        ),
    )
    raw, _ = time_it(partial(raw_fetch, server, start, end), sizes.repeats)
    raw_peak, _ = traced_peak(partial(raw_fetch, server, start, end))

    with tempfile.TemporaryDirectory(prefix="tcbot-bench-") as folder:
        paths = iter(Path(folder) / f"run{n}.db" for n in range(sizes.repeats))
        first: list[float] = []
        second: list[float] = []
        cycle = None
        for path in paths:
            with Bench(server, policy, path) as bench:
                one, result = time_it(partial(bench.poller.poll, NOW), 1)
                two, again = time_it(partial(bench.poller.poll, NOW), 1)
                cycle = Cycle(result, again, bench.store.outbox.pending_count())
            first += one.runs
            second += two.runs
        with Bench(server, policy, Path(folder) / "traced.db") as bench:
            first_peak, _ = traced_peak(partial(bench.poller.poll, NOW))
            second_peak, _ = traced_peak(partial(bench.poller.poll, NOW))
    assert cycle is not None

    one_s, two_s = Timing(first).median, Timing(second).median
    figure.add(
        Row("poll 1 (new alerts -> outbox): time", one_s, "s", raw.median, RAW),
        Row("poll 2 (nothing new): time", two_s, "s", raw.median, RAW),
        Row("poll 1: tracemalloc peak", first_peak, "bytes", raw_peak, RAW),
        Row("poll 2: tracemalloc peak", second_peak, "bytes", raw_peak, RAW),
        Row("poll 1: API calls", cycle.first.api_calls, "", len(METHODS), "one per method"),
        Row("poll 2: API calls", cycle.second.api_calls, "", len(METHODS), "one per method"),
        Row("records read per poll", cycle.first.records),
        Row("poll 1: alerts raised / outbox rows", f"{cycle.first.raised} / {cycle.queued}"),
        Row("poll 2: alerts raised", cycle.second.raised),
    )
    if cycle.first.error or cycle.second.error:
        figure.add(Row("poll error", cycle.first.error or cycle.second.error or ""))
    return figure


class Bench:
    """A poller as `tcbot run` builds one, on its own database file."""

    def __init__(self, server: TimeClockInfo, policy: Policy, path: Path) -> None:
        self.store = Store.open(path)
        self.client = TimeClockClient(
            url=server.url, token=server.token, timeout=TIMEOUT, retry_budget=0.0
        )
        planner = Planner(store=self.store, policy=policy)
        self.poller = Poller(client=self.client, store=self.store, policy=policy, planner=planner)

    def __enter__(self) -> Bench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.store.close()


def raw_fetch(server: TimeClockInfo, start: date, end: date) -> list[object]:
    """What any poll must do at least: ask for the same methods and decode the replies."""
    params = {"startDate": start.isoformat(), "endDate": end.isoformat()}
    headers = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(timeout=TIMEOUT, headers=headers) as http:
        replies = []
        for number, method in enumerate(METHODS, start=1):
            payload = {"jsonrpc": "2.0", "method": method, "params": params, "id": number}
            replies.append(json.loads(http.post(server.url, json=payload).content))
        return replies
