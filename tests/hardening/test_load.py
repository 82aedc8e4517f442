"""Load in HTTP mode: 200 signed slash commands over 10 seconds through the real `serve_http`
endpoint while a 10,000-employee poll runs in the same process. Every command is acknowledged
within Slack's 3 seconds, every answer reaches its response_url, and memory stays bounded.
Run with -s to see the figures.

The commands ask the harness's small company (12 people): each /hours reads the whole
company's timesheet for its period, and 200 of them over a 10,000-employee TimeClock would be
a test of the sandbox, not of tcbot. The poll reads the big company from its own sandbox
TimeClock in this process, so its reading and parsing compete with the acknowledgements for
the same two cores and the same interpreter lock.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx

from tcbot.alerts.plan import Planner
from tcbot.alerts.poll import Poller, PollResult
from tcbot.policy.load import parse_policy
from tcbot.sandbox.company import build_company
from tcbot.sandbox.timeclock_api import serve_timeclock
from tcbot.slack.http_server import EVENTS_PATH
from tcbot.store import Store
from tcbot.timeclock.client import TimeClockClient
from tests.slack.harness import DANA, EMILY, JAMES, NOA, NOW, OMER, SlackHarness, running
from tests.slack.payloads import signed_headers

COMMANDS = 200
OVER_S = 10.0
SENDERS = 20  # concurrent connections, as Slack's edge would open
ACK_LIMIT_S = 3.0  # Slack's: an unacknowledged command shows the user an error
ANSWER_WAIT_S = 60.0
BIG_COMPANY = 10_000
# The whole process (two sandboxes, the app, the poll of 10,000 people) may grow by this
# much while under load. A 10,000-employee timesheet reply is ~30 MB of JSON; its parse
# and records take several times that.
RSS_GROWTH_LIMIT_MB = 512
ASKERS = (DANA, NOA, OMER, JAMES, EMILY)


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 2**20


class RssPeak:
    """The process's resident memory, sampled every 20 ms in a thread until stopped."""

    def __init__(self) -> None:
        self.start = _rss_mb()
        self.peak = self.start
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="rss-peak", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.wait(0.02):
            self.peak = max(self.peak, _rss_mb())

    def stop(self) -> float:
        self._done.set()
        self._thread.join(timeout=2)
        self.peak = max(self.peak, _rss_mb())
        return self.peak - self.start


@contextmanager
def big_poll(tmp_path: Path) -> Iterator[Poller]:
    """A poller over a 10,000-employee sandbox company, on its own store file."""
    company = build_company(employees=BIG_COMPANY, days=3, now=NOW)
    policy = parse_policy(company.policy_toml(), source="big company")
    with serve_timeclock(company, token="big-token") as timeclock:
        store = Store.open(tmp_path / "big.db")
        client = TimeClockClient(url=timeclock.url, token="big-token", retry_budget=0.0)
        planner = Planner(store=store, policy=policy, nudge=False)
        try:
            yield Poller(client=client, store=store, policy=policy, planner=planner)
        finally:
            client.close()
            store.close()


def _send(http: httpx.Client, h: SlackHarness, command: str, user: str, at: float) -> tuple:
    """Wait until `at` (monotonic), send one signed command; its response_url, seconds until
    acknowledged, and the HTTP status (0 for no answer at all)."""
    time.sleep(max(0.0, at - time.monotonic()))
    url = h.slack.new_response_url()
    body = h.slash_body(command, "", user=user, channel="C0SUPPORT", response_url=url)
    began = time.perf_counter()
    try:
        status = http.post(h.http.url + EVENTS_PATH, content=body, headers=signed_headers(body))
        code = status.status_code
    except httpx.HTTPError:
        code = 0
    return url, time.perf_counter() - began, code


def _wait_for_answers(h: SlackHarness, urls: list[str]) -> set[str]:
    wanted = {url.rsplit("/", 1)[-1] for url in urls}
    deadline = time.monotonic() + ANSWER_WAIT_S
    while time.monotonic() < deadline:
        answered = {r.id for r in h.slack.responses} & wanted
        if answered == wanted:
            break
        time.sleep(0.05)
    return {r.id for r in h.slack.responses} & wanted


def _pct(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def test_200_commands_in_10_s_are_acknowledged_in_time_during_a_big_poll(tmp_path: Path) -> None:
    with running(tmp_path) as h, big_poll(tmp_path) as poller:
        h.slash_http("/hours", "", user=DANA)  # the server, the pools and the caches warm
        polls: list[PollResult] = []
        rss = RssPeak()
        poll_thread = threading.Thread(target=lambda: polls.append(poller.poll(NOW)))
        began = time.monotonic()
        poll_thread.start()
        commands = ["/whosin" if i % 5 == 4 else "/hours" for i in range(COMMANDS)]
        users = itertools.cycle(ASKERS)
        limits = httpx.Limits(max_connections=SENDERS)
        with (
            httpx.Client(timeout=30.0, limits=limits) as http,
            ThreadPoolExecutor(max_workers=SENDERS) as pool,
        ):
            sent = list(
                pool.map(
                    lambda i: _send(
                        http, h, commands[i], next(users), began + i * OVER_S / COMMANDS
                    ),
                    range(COMMANDS),
                )
            )
        sending_s = time.monotonic() - began
        answered = _wait_for_answers(h, [url for url, _, _ in sent])
        answers_s = time.monotonic() - began
        poll_thread.join(timeout=ANSWER_WAIT_S)
        growth = rss.stop()

    acks = [seconds for _, seconds, _ in sent]
    statuses = sorted({code for _, _, code in sent})
    print(
        f"\nload: {COMMANDS} commands in {sending_s:.1f}s during a {BIG_COMPANY}-employee poll"
        f" ({polls[0].duration_s:.1f}s, {polls[0].records} records)"
        f"\n  ack p50={_pct(acks, 50):.3f}s p99={_pct(acks, 99):.3f}s max={max(acks):.3f}s"
        f" statuses={statuses}"
        f"\n  answers at response_url: {len(answered)} of {COMMANDS}, last at {answers_s:.1f}s"
        f"\n  RSS {rss.start:.0f} MB -> peak {rss.peak:.0f} MB (+{growth:.0f} MB;"
        f" limit +{RSS_GROWTH_LIMIT_MB} MB)"
    )
    assert statuses == [200]
    assert max(acks) < ACK_LIMIT_S
    assert len(answered) == COMMANDS
    assert polls and polls[0].error is None and polls[0].records > BIG_COMPANY
    assert growth < RSS_GROWTH_LIMIT_MB
