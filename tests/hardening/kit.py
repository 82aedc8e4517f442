"""What the hardening tests share: a rig bot with its own TimeClock client (short timeouts,
a retry budget, a fake sleep), the Slack app served over that same world (slash commands as
the harness sends them), and reading what channels show and what the outbox holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import httpx

from tcbot.alerts.poll import Poller
from tcbot.sandbox.roster import ALERTS_CHANNEL
from tcbot.timeclock.client import TimeClockClient
from tests.alerts.rig import TOKEN, Bot, World, build_bot
from tests.slack.harness import SlackHarness
from tests.slack.reading import shown

ADMIN = "U0ADMIN"  # the policy's admin (tcbot/sandbox/roster.py)
DANA = "U1001"  # an employee of Support


@contextmanager
def faulty_bot(
    w: World,
    *,
    read_timeout: float = 0.4,
    retry_budget: float = 0.0,
    sleep: Callable[[float], None] = lambda _: None,
) -> Iterator[Bot]:
    """`build_bot(w)` with a TimeClock client that gives up quickly: a hang is a timeout
    after `read_timeout` s, retries wait on `sleep` (not the clock) within `retry_budget`."""
    bot = build_bot(w)
    bot.timeclock.close()
    bot.timeclock = TimeClockClient(
        url=w.timeclock.url,
        token=TOKEN,
        timeout=httpx.Timeout(read_timeout, connect=1.0),
        retry_budget=retry_budget,
        sleep=sleep,
    )
    bot.poller = Poller(client=bot.timeclock, store=bot.store, policy=w.policy, planner=bot.planner)
    try:
        yield bot
    finally:
        bot.close()


@contextmanager
def slack_app(w: World, bot: Bot, *, now: datetime) -> Iterator[SlackHarness]:
    """The Slack app over `w`'s sandboxes and `bot`'s store and TimeClock client, driven
    the harness's way (signed requests, wait for the listeners). The world owns the servers:
    on the way out only the listeners are waited for."""
    harness = SlackHarness(
        company=w.company,
        timeclock=w.timeclock,
        slack=w.slack,
        store=bot.store,
        policy=w.policy,
        client=bot.timeclock,
    )
    harness.now = now
    try:
        yield harness
    finally:
        harness.wait_idle()


def one_private_answer(answers: list[dict]) -> str:
    """The one ephemeral answer a slash command got, as its reader sees it."""
    assert len(answers) == 1, answers
    assert answers[0].get("response_type") == "ephemeral", answers[0]
    return shown(answers[0])


def alert_messages(w: World) -> Counter:
    """Every message the bot posted, by (channel, text), leaving out the operator notices
    of the alerts channel (outage started/ended), which only a faulty run has."""
    return Counter(
        (m["channel"], m["text"]) for m in w.slack.messages() if m["channel"] != ALERTS_CHANNEL
    )


def notices(w: World) -> list[str]:
    return [shown(m) for m in w.slack.messages(ALERTS_CHANNEL)]


def outbox_states(bot: Bot, now: datetime) -> Counter:
    """How many outbox rows are pending, dead (undelivered) at `now`."""
    return Counter(item.state for item in bot.store.outbox.undelivered(now=now))
