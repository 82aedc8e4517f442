"""The alert pipeline wired to both sandboxes on loopback, for the poll, delivery and scheduler
tests: a pinned `now`, a small company with one of each planted case, and a bot (store,
poller, delivery) that can be built twice on one database file, as a second process or a
restart would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

from tcbot.alerts.digest import Digest, Purge
from tcbot.alerts.plan import Planner
from tcbot.alerts.poll import Poller
from tcbot.policy.load import parse_policy
from tcbot.policy.model import Policy
from tcbot.sandbox.company import Company, build_company
from tcbot.sandbox.faults import Faults
from tcbot.sandbox.roster import MANAGERS, TEAM_CHANNELS
from tcbot.sandbox.slack_api import SandboxSlack, serve_slack
from tcbot.sandbox.slack_workspace import Workspace
from tcbot.sandbox.timeclock_api import SandboxServer, serve_timeclock
from tcbot.slack.app import web_client
from tcbot.slack.delivery import Delivery
from tcbot.store import Store
from tcbot.timeclock.client import TimeClockClient
from tests.sandboxes import sandbox_workspace

# A Tuesday morning in Israel, before anyone has punched in today, so the one open session
# of the planted forgotten punch-out (Monday's) is the one `company.punch_out` closes.
NOW = datetime(2025, 10, 28, 7, 30, tzinfo=ZoneInfo("Asia/Jerusalem"))
TOKEN = "sandbox-token"
ZONE = "Asia/Jerusalem"


@dataclass(slots=True)
class World:
    company: Company
    timeclock: SandboxServer
    slack: SandboxSlack
    policy: Policy
    db_path: Path

    def planted(self, kind: str) -> int:
        """The employee number of the latest planted case `kind` (yesterday's forgotten
        punch-out rather than one from days ago, which the poll's window does not reach)."""
        cases = [p for p in self.company.planted if p.kind == kind]
        return max(cases, key=lambda p: p.day).employee_number

    def posts(self, channel: str, employee: int) -> list[dict]:
        """What `channel` shows about `employee`, named by email or, once linked, by mention."""
        person = self.company.person(employee)
        names = (person.clean_email, f"<@{person.slack_id}>")
        return [m for m in self.slack.messages(channel) if any(n in m["text"] for n in names)]

    def team_channel(self, employee: int) -> str:
        return TEAM_CHANNELS[self.company.person(employee).team]

    def manager_dm(self, employee: int) -> str:
        return self.slack.dm_channel(MANAGERS[self.company.person(employee).team])

    def post_count(self) -> int:
        return len([c for c in self.slack.calls_to("chat.postMessage") if c.error is None])


@dataclass(slots=True)
class Bot:
    store: Store
    planner: Planner
    poller: Poller
    delivery: Delivery
    digest: Digest
    purge: Purge
    timeclock: TimeClockClient

    def cycle(self, now: datetime) -> None:
        """One poll, then delivery of everything it queued."""
        self.poller.poll(now)
        self.delivery.deliver(now)

    def close(self) -> None:
        self.timeclock.close()
        self.store.close()


@contextmanager
def world(
    tmp_path: Path,
    *,
    now: datetime = NOW,
    employees: int = 40,
    faults: Faults | None = None,
    workspace: Workspace | None = None,
    policy_text: str | None = None,
) -> Iterator[World]:
    company = build_company(employees=employees, days=4, now=now)
    policy = parse_policy(policy_text or company.policy_toml())
    with (
        serve_timeclock(company, token=TOKEN, faults=faults) as timeclock,
        serve_slack(workspace or sandbox_workspace(company)) as slack,
    ):
        yield World(company, timeclock, slack, policy, tmp_path / "tcbot.db")


def build_bot(w: World, *, nudge: bool = True) -> Bot:
    """A bot as `tcbot run` builds one, on `w`'s database file; pacing and jitter off, and
    slack-sdk's retries of a dropped connection made at once rather than after a backoff."""
    store = Store.open(w.db_path)
    timeclock = TimeClockClient(url=w.timeclock.url, token=TOKEN, retry_budget=0.0)
    planner = Planner(store=store, policy=w.policy, nudge=nudge)
    poller = Poller(client=timeclock, store=store, policy=w.policy, planner=planner)
    client = web_client(token=w.slack.workspace.bot_token, base_url=w.slack.url)
    for handler in client.retry_handlers:
        if isinstance(handler, ConnectionErrorRetryHandler):
            handler.interval_calculator = FixedValueRetryIntervalCalculator(0.0)
    delivery = Delivery(
        client=client, store=store, policy=w.policy, sleep=lambda _: None, random=lambda: 0.5
    )
    digest = Digest(
        store=store, policy=w.policy, planner=planner, employees=lambda: poller.employees, zone=ZONE
    )
    purge = Purge(store=store, policy=w.policy)
    return Bot(store, planner, poller, delivery, digest, purge, timeclock)


@contextmanager
def running_bot(w: World, **options: bool) -> Iterator[Bot]:
    bot = build_bot(w, **options)
    try:
        yield bot
    finally:
        bot.close()
