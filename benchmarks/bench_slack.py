"""Figure 4 (issue 4): how fast Slack hears back, in HTTP mode.

The real app (`build_app` + `serve_http`: Bolt's WSGI adapter on waitress) with the sandbox
TimeClock and the sandbox Slack behind it, all on 127.0.0.1, is sent bursts of signed
`/hours` commands from 50 concurrent senders. Its acknowledgement latency (p50, p99) stands
next to a bare Bolt app whose one command only calls `ack()`, on the same waitress set-up, in
the same run. Then, with TimeClock answering after 1 s, the time from sending `/hours` until
its answer reaches the response_url, next to that 1 s floor.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
from common import NOW, TIMECLOCK_TOKEN, Figure, Row, Sizes, percentile
from slack_bolt import Ack, App

from tcbot.policy.load import parse_policy
from tcbot.sandbox.company import build_company
from tcbot.sandbox.faults import Faults
from tcbot.sandbox.roster import ALERTS_CHANNEL, TEAM_CHANNELS
from tcbot.sandbox.slack_api import SandboxSlack, serve_slack
from tcbot.sandbox.slack_workspace import Workspace
from tcbot.sandbox.timeclock_api import SandboxServer, serve_timeclock
from tcbot.slack.app import Services, build_app, web_client
from tcbot.slack.http_server import DEFAULT_THREADS, EVENTS_PATH, HttpServer, serve_http
from tcbot.store import Store
from tcbot.timeclock.client import TimeClockClient

SECRET = "benchmark-signing-secret"
REQUEST_TIMEOUT_S = 30.0  # far past Slack's 3 s: a slow ack is measured, not cut off
ANSWER_WAIT_S = 60.0
WARM_UP = 5
BARE = "bare Bolt ack()"


@dataclass(slots=True)
class Burst:
    sent: int
    latencies: list[float]  # of the requests acknowledged with HTTP 200
    failures: Counter[str]  # what the others got: another status, a reset or a timeout
    answered: int  # answers that reached their response_url (waited for, boundedly)

    @property
    def failed(self) -> str:
        count = sum(self.failures.values())
        kinds = ", ".join(f"{kind} x{times}" for kind, times in sorted(self.failures.items()))
        return f"{count} of {self.sent}" + (f" ({kinds})" if kinds else "")

    @property
    def answers(self) -> str:
        return f"{self.answered} of {self.sent}"


@dataclass(slots=True)
class Rig:
    company_size: int
    timeclock: SandboxServer
    slack: SandboxSlack
    app_url: str
    bare_url: str
    users: list[str]


def run(sizes: Sizes) -> Figure:
    figure = Figure(
        key="slack",
        title="4. Slack in HTTP mode: acknowledgement and answer latency (issue 4)",
        setup=(
            f"waitress ({DEFAULT_THREADS} threads) + Bolt's WSGI adapter on 127.0.0.1;"
            f" {sizes.slack_requests} signed slash commands per burst from"
            f" {sizes.slack_workers} concurrent httpx senders; /hours asks over a"
            f" {sizes.slack_employees}-employee sandbox TimeClock, answers via sandbox Slack"
        ),
    )
    with running_rig(sizes.slack_employees) as rig:
        for _ in range(WARM_UP):
            send(rig.bare_url, "/noop", rig.users[0], rig.slack)
            send(rig.app_url, "/hours", rig.users[0], rig.slack)
        _wait_for_answers(rig.slack, WARM_UP, ANSWER_WAIT_S)
        bare = burst(rig, rig.bare_url, "/noop", sizes, sizes.slack_requests)
        hours = burst(rig, rig.app_url, "/hours", sizes, sizes.slack_requests)
        slow = answer_times(rig, sizes)
        rig.timeclock.faults.latency = sizes.latency_s
        try:
            slow_burst = burst(rig, rig.app_url, "/hours", sizes, sizes.slack_workers)
        finally:
            rig.timeclock.faults.latency = 0.0
    latency = f"TimeClock at {sizes.latency_s:g} s"
    floor = "TimeClock's latency"
    bare99 = ("s", _p(bare, 99), BARE)
    figure.add(
        Row("/hours ack p50", _p(hours, 50), "s", _p(bare, 50), BARE),
        Row("/hours ack p99", _p(hours, 99), "s", _p(bare, 99), BARE),
        Row("/hours ack max", _p(hours, 100), "s", _p(bare, 100), BARE),
        Row("failed acks (not 200, reset, timeout)", hours.failed, "", bare.failed, BARE),
        Row("/hours answers at response_url", hours.answers),
        Row(f"/hours answer, {latency} (median)", slow.median, "s", sizes.latency_s, floor),
        Row("  slowest of those answers", slow.slowest, "s", sizes.latency_s, floor),
        Row("  TimeClock requests per /hours (one after another)", slow.calls_per_answer),
        Row(f"/hours ack p99, {slow_burst.sent} at once, {latency}", _p(slow_burst, 99), *bare99),
        Row("  failed acks of those", slow_burst.failed, "", bare.failed, BARE),
        Row("  their answers at response_url", slow_burst.answers),
    )
    return figure


@contextmanager
def running_rig(employees: int) -> Iterator[Rig]:
    company = build_company(employees=employees, days=14, now=NOW)
    channels = {**{cid: team.lower() for team, cid in TEAM_CHANNELS.items()}, ALERTS_CHANNEL: "hr"}
    workspace = Workspace(users=company.slack_users(), channels=channels)
    with ExitStack() as stack:
        timeclock = stack.enter_context(
            serve_timeclock(company, token=TIMECLOCK_TOKEN, faults=Faults())
        )
        slack = stack.enter_context(serve_slack(workspace))
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="tcbot-bench-"))
        store = Store.open(Path(folder) / "tcbot.db")
        stack.callback(store.close)
        client = TimeClockClient(
            url=timeclock.url, token=TIMECLOCK_TOKEN, timeout=httpx.Timeout(10.0, connect=2.0)
        )
        stack.callback(client.close)
        policy = parse_policy(company.policy_toml(), source="sandbox company")
        services = Services(policy=policy, store=store, timeclock=client, clock=lambda: NOW)
        web = web_client(token=workspace.bot_token, base_url=slack.url)
        app = build_app(services, client=web, signing_secret=SECRET)
        served: HttpServer = stack.enter_context(serve_http(app, host="127.0.0.1", port=0))
        bare: HttpServer = stack.enter_context(serve_http(bare_app(web), host="127.0.0.1", port=0))
        yield Rig(
            company_size=employees,
            timeclock=timeclock,
            slack=slack,
            app_url=served.url + EVENTS_PATH,
            bare_url=bare.url + EVENTS_PATH,
            users=[person.slack_id for person in company.people],
        )


def bare_app(client: object) -> App:
    """Bolt's least: one command that acknowledges and does nothing else."""
    app = App(client=client, signing_secret=SECRET, process_before_response=False)  # type: ignore[arg-type]

    @app.command("/noop")
    def noop(ack: Ack) -> None:
        ack()

    return app


def burst(rig: Rig, url: str, command: str, sizes: Sizes, count: int) -> Burst:
    """`count` commands from `slack_workers` threads at once: each one's latency, and how many
    answers reached their response_url afterwards (a no-op command answers nothing)."""
    answered_before = len(rig.slack.responses)
    users = itertools.cycle(rig.users)
    who = [next(users) for _ in range(count)]
    limits = httpx.Limits(max_connections=sizes.slack_workers)
    with (
        httpx.Client(timeout=REQUEST_TIMEOUT_S, limits=limits) as http,
        ThreadPoolExecutor(max_workers=sizes.slack_workers) as pool,
    ):
        outcomes = list(pool.map(lambda user: send(url, command, user, rig.slack, http), who))
    latencies = [seconds for seconds, problem in outcomes if not problem]
    failures = Counter(problem for _, problem in outcomes if problem)
    answered = 0
    if command == "/hours":
        answered = _wait_for_answers(rig.slack, answered_before + count, ANSWER_WAIT_S)
        answered -= answered_before
    return Burst(count, latencies, failures, answered)


def send(
    url: str,
    command: str,
    user: str,
    slack: SandboxSlack,
    http: httpx.Client | None = None,
    *,
    response_url: str | None = None,
) -> tuple[float, str]:
    """One signed slash command, as Slack sends it: seconds until answered, and what went
    wrong ("" when acknowledged with HTTP 200)."""
    body = urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": slack.workspace.team_id,
            "team_domain": "sandbox",
            "channel_id": "C0SUPPORT",
            "channel_name": "support",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": "",
            "api_app_id": "A0TCBOT",
            "is_enterprise_install": "false",
            "response_url": response_url or slack.new_response_url(),
            "trigger_id": f"{time.monotonic_ns()}.sandboxtrigger",
        }
    )
    poster: Callable[..., httpx.Response] = http.post if http is not None else httpx.post
    began = time.perf_counter()
    try:
        reply = poster(url, content=body, headers=signed(body), timeout=REQUEST_TIMEOUT_S)
    except httpx.HTTPError as error:
        return time.perf_counter() - began, type(error).__name__
    took = time.perf_counter() - began
    return took, "" if reply.status_code == 200 else f"HTTP {reply.status_code}"


def signed(body: str) -> dict[str, str]:
    """Slack's signature: `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` (Bolt checks the
    timestamp against the wall clock, so it is the real time)."""
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": stamp,
        "x-slack-signature": f"v0={digest.hexdigest()}",
    }


@dataclass(slots=True)
class Answers:
    median: float
    slowest: float
    calls_per_answer: float


def answer_times(rig: Rig, sizes: Sizes) -> Answers:
    """/hours sent alone with TimeClock slowed down; seconds until each answer arrived."""
    faults = rig.timeclock.faults
    took: list[float] = []
    calls_before = sum(rig.timeclock.requests.values())
    faults.latency = sizes.latency_s
    try:
        for user in rig.users[: sizes.latency_repeats]:
            response_url = rig.slack.new_response_url()
            began = time.time()  # the sandbox Slack stamps answers with the wall clock
            _, problem = send(rig.app_url, "/hours", user, rig.slack, response_url=response_url)
            if problem:
                raise RuntimeError(f"/hours was not acknowledged with TimeClock slowed: {problem}")
            took.append(_answered_at(rig.slack, response_url) - began)
    finally:
        faults.latency = 0.0
    calls = sum(rig.timeclock.requests.values()) - calls_before
    ordered = sorted(took)
    return Answers(ordered[len(ordered) // 2], ordered[-1], calls / len(took))


def _wait_for_answers(slack: SandboxSlack, count: int, limit_s: float) -> int:
    deadline = time.monotonic() + limit_s
    while len(slack.responses) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return len(slack.responses)


def _answered_at(slack: SandboxSlack, response_url: str) -> float:
    response_id = response_url.rsplit("/", 1)[-1]
    deadline = time.monotonic() + ANSWER_WAIT_S
    while time.monotonic() < deadline:
        found = [r.at for r in slack.responses if r.id == response_id]
        if found:
            return found[0]
        time.sleep(0.01)
    raise RuntimeError(f"no /hours answer within {ANSWER_WAIT_S} s")


def _p(burst: Burst, percent: float) -> float | str:
    return percentile(burst.latencies, percent) if burst.latencies else "none acknowledged"
