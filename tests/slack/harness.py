"""A whole tcbot Slack app over loopback, for scenario tests: the sandbox TimeClock with a small
company, the sandbox Slack with its people, a Store, the policy, and Bolt in between.

    with SlackHarness.start(tmp_path) as h:                 # or the `harness` fixture
        answers = h.slash("/hours", "last week", user=DANA)  # what reached response_url
        h.slash_http("/hours", "", user=DANA)                # same, through serve_http
        h.action("alert_ack", "key", user=NOA, message=posted)
        h.event({"type": "app_home_opened", "user": DANA, "tab": "home"})
        h.slack.messages("C0SUPPORT"); h.store.people.refusals(since=...); h.company
        h.faults.add("500")                                  # TimeClock fails next request
        h.dispatch(body, headers=...); h.post_http(body, headers=...)  # raw, for 401 cases
        running(tmp_path, scopes=(...), policy_toml="...")   # a variant, as a context manager

Every request is signed as Slack signs it (`v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`), with
the wall clock's timestamp, since that is what Bolt checks. After dispatching, the harness
waits (at most `WAIT_S`) until Bolt's background listeners have finished, so what they posted
is all there when the call returns. `now` is pinned (`NOW`, a Wednesday) for TimeClock and for
the app's clock alike; `set_now` moves both. Payloads and signing are in
`tests/slack/payloads.py`. The role constants (DANA, NOA, OMER, ADMIN, JAMES, EMILY) are the
sandbox roster's Slack ids.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from slack_bolt import App, BoltRequest

from tcbot.policy.load import parse_policy
from tcbot.policy.model import Policy
from tcbot.sandbox.company import Company, build_company
from tcbot.sandbox.faults import Faults
from tcbot.sandbox.roster import ALERTS_CHANNEL, TEAM_CHANNELS
from tcbot.sandbox.slack_api import SandboxSlack, Workspace, serve_slack
from tcbot.sandbox.timeclock_api import SandboxServer, serve_timeclock
from tcbot.slack.app import Services, build_app, web_client
from tcbot.slack.http_server import EVENTS_PATH, HttpServer, serve_http
from tcbot.store import Store
from tcbot.timeclock.client import TimeClockClient
from tests.slack import payloads
from tests.slack.payloads import FORM, SECRET, signed_headers

__all__ = [
    "NOW",
    "SECRET",
    "SlackHarness",
    "running",
    "signed_headers",
]

# Wednesday 2025-10-08, 11:00 in Jerusalem (the week began on Sunday the 5th).
NOW = datetime(2025, 10, 8, 11, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
TIMECLOCK_TOKEN = "sandbox-token"
EMPLOYEES = 12
WAIT_S = 10.0

# The company's people by role (tcbot/sandbox/roster.py).
DANA = "U1001"  # Support, employee 1001, dana@example.com
NOA = "U0MGRSUPP"  # manages Support; employee 1002
OMER = "U0MGRENG"  # manages Engineering; employee 1003
ADMIN = "U0ADMIN"  # Ruth, HR, the policy's admin; employee 1006
JAMES = "U1007"  # Sales, in Europe/London
EMILY = "U1008"  # Engineering, in America/New_York


@dataclass(frozen=True, slots=True)
class Sent:
    """What Slack got back for one request: the HTTP status and body of the acknowledgement."""

    status: int
    body: str


class _TrackingExecutor(Executor):
    """The app's listener executor (where Bolt runs lazy listeners), counting the work still
    running so tests can wait for it."""

    def __init__(self, inner: Executor) -> None:
        self._inner = inner
        self._running = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._running += 1

        def run() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                with self._idle:
                    self._running -= 1
                    self._idle.notify_all()

        return self._inner.submit(run)

    def wait_idle(self, timeout: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._running == 0, timeout=timeout)


class SlackHarness:
    """The running pieces; build it with `SlackHarness.start(...)` and stop it with `stop()`."""

    def __init__(
        self,
        *,
        company: Company,
        timeclock: SandboxServer,
        slack: SandboxSlack,
        store: Store,
        policy: Policy,
        client: TimeClockClient,
    ) -> None:
        self.company = company
        self.timeclock = timeclock
        self.faults: Faults = timeclock.faults
        self.slack = slack
        self.store = store
        self.policy = policy
        self.timeclock_client = client
        self.now = company.now
        self.services = Services(policy=policy, store=store, timeclock=client, clock=self.clock)
        self._threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="harness-listener")
        self._work = _TrackingExecutor(self._threads)
        self.app: App = build_app(
            self.services,
            client=web_client(token=slack.workspace.bot_token, base_url=slack.url),
            signing_secret=SECRET,
            executor=self._work,
        )
        self._http: HttpServer | None = None
        self._ids = itertools.count(1)
        self.last_ack: Sent | None = None

    @classmethod
    def start(
        cls,
        tmp_path: Path,
        *,
        now: datetime = NOW,
        employees: int = EMPLOYEES,
        policy_toml: str | None = None,
        scopes: tuple[str, ...] | None = None,
    ) -> SlackHarness:
        """Start everything on 127.0.0.1. `policy_toml` replaces the company's policy;
        `scopes` the bot token's scopes (to test a missing one)."""
        company = build_company(employees=employees, days=21, now=now)
        workspace = Workspace(
            users=company.slack_users(),
            channels={**{c: n.lower() for n, c in TEAM_CHANNELS.items()}, ALERTS_CHANNEL: "hr"},
        )
        if scopes is not None:
            workspace.scopes = scopes
        timeclock = serve_timeclock(company, token=TIMECLOCK_TOKEN, faults=Faults(seed=1))
        slack = serve_slack(workspace)
        client = TimeClockClient(
            url=timeclock.url,
            token=TIMECLOCK_TOKEN,
            timeout=httpx.Timeout(5.0, connect=2.0),
            retry_budget=0.5,  # the first backoff (1 s) is over budget: a fault fails at once
        )
        policy = parse_policy(policy_toml or company.policy_toml(), source="harness")
        store = Store.open(tmp_path / "tcbot.db")
        return cls(
            company=company,
            timeclock=timeclock,
            slack=slack,
            store=store,
            policy=policy,
            client=client,
        )

    def stop(self) -> None:
        self._work.wait_idle(WAIT_S)
        if self._http is not None:
            self._http.stop()
        self._threads.shutdown(wait=True, cancel_futures=True)
        self.timeclock_client.close()
        self.timeclock.stop()
        self.slack.stop()
        self.store.close()

    def __enter__(self) -> SlackHarness:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- time ------------------------------------------------------------------------------

    def clock(self) -> datetime:
        return self.now

    def set_now(self, now: datetime) -> None:
        """Move the app's clock and the company's together."""
        self.now = now
        self.company.set_now(now)

    # -- sending what Slack sends ----------------------------------------------------------

    def slash(
        self, command: str, text: str, *, user: str, channel: str = "C0SUPPORT"
    ) -> list[dict]:
        """A slash command through `app.dispatch`; returns the bodies posted to its
        response_url, in order, once the listeners are done."""
        response_url = self.slack.new_response_url()
        body = self.slash_body(command, text, user=user, channel=channel, response_url=response_url)
        self.dispatch(body)
        return self.responses_to(response_url)

    def slash_http(
        self, command: str, text: str, *, user: str, channel: str = "C0SUPPORT"
    ) -> list[dict]:
        """The same through the real HTTP endpoint (`serve_http` on a free port)."""
        response_url = self.slack.new_response_url()
        body = self.slash_body(command, text, user=user, channel=channel, response_url=response_url)
        self.post_http(body)
        return self.responses_to(response_url)

    def action(
        self,
        action_id: str,
        value: str,
        *,
        user: str,
        message: dict[str, Any],
        channel: str = "C0SUPPORT",
    ) -> list[dict]:
        """A button press (block_actions) on `message` (as posted: it needs its `ts`);
        returns what reached its response_url."""
        response_url = self.slack.new_response_url()
        body = payloads.action_body(
            action_id,
            value,
            user=user,
            message=message,
            channel=channel,
            response_url=response_url,
            team=self.team,
            trigger_id=self._trigger_id(),
        )
        self.dispatch(body)
        return self.responses_to(response_url)

    def event(self, event: dict[str, Any]) -> Sent:
        """An Events API callback wrapping `event` (e.g. app_home_opened)."""
        body = payloads.event_body(event, team=self.team, event_id=f"Ev{next(self._ids):08d}")
        return self.dispatch(body, content_type="application/json")

    def slash_body(
        self, command: str, text: str, *, user: str, channel: str, response_url: str
    ) -> str:
        """The form Slack posts for a slash command."""
        return payloads.slash_body(
            command,
            text,
            user=user,
            channel=channel,
            response_url=response_url,
            team=self.team,
            trigger_id=self._trigger_id(),
        )

    # -- the transport ---------------------------------------------------------------------

    def dispatch(
        self,
        body: str,
        *,
        content_type: str = FORM,
        headers: dict[str, str] | None = None,
    ) -> Sent:
        """`app.dispatch` a signed body (or with `headers` as given), then wait for the work."""
        sent_headers = headers if headers is not None else signed_headers(body, content_type)
        given: dict[str, str | Sequence[str]] = {**sent_headers}
        request = BoltRequest(body=body, headers=given)
        response = self.app.dispatch(request)
        self.wait_idle()
        self.last_ack = Sent(response.status, response.body)
        return self.last_ack

    def post_http(
        self,
        body: str,
        *,
        content_type: str = FORM,
        headers: dict[str, str] | None = None,
    ) -> Sent:
        """POST a signed body (or with `headers` as given) to /slack/events over HTTP."""
        sent_headers = headers if headers is not None else signed_headers(body, content_type)
        reply = httpx.post(
            self.http.url + EVENTS_PATH, content=body, headers=sent_headers, timeout=WAIT_S
        )
        self.wait_idle()
        self.last_ack = Sent(reply.status_code, reply.text)
        return self.last_ack

    @property
    def http(self) -> HttpServer:
        """The app served over HTTP on a free loopback port, started on first use."""
        if self._http is None:
            self._http = serve_http(self.app, host="127.0.0.1", port=0, threads=4)
        return self._http

    def wait_idle(self, timeout: float = WAIT_S) -> None:
        if not self._work.wait_idle(timeout):
            raise TimeoutError(f"tcbot's listeners were still busy after {timeout} s")

    def responses_to(self, response_url: str) -> list[dict]:
        response_id = response_url.rsplit("/", 1)[-1]
        return [r.body for r in self.slack.responses if r.id == response_id]

    @property
    def team(self) -> str:
        return self.slack.workspace.team_id

    def _trigger_id(self) -> str:
        return f"{next(self._ids)}.{int(time.time())}.sandboxtrigger"


@contextmanager
def running(tmp_path: Path, **options: Any) -> Iterator[SlackHarness]:
    """`SlackHarness.start(tmp_path, **options)`, stopped on the way out."""
    harness = SlackHarness.start(tmp_path, **options)
    try:
        yield harness
    finally:
        harness.stop()
