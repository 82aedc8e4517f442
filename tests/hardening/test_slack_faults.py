"""Slack refusing posts: every message is delivered exactly once after Slack recovers, or
stays visibly undelivered, counted in `/tcbot status`; none is lost. (tests/slack/
test_delivery.py covers each error's own handling; this file counts what a person sees.)
Run with -s to see the figures."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tcbot.sandbox.roster import MANAGERS, TEAM_CHANNELS
from tcbot.slack.delivery import MAX_ATTEMPTS
from tests.alerts.rig import NOW, Bot, World, running_bot, world
from tests.hardening.kit import ADMIN, DANA, alert_messages, one_private_answer, slack_app
from tests.sandboxes import sandbox_workspace

WAITING = re.compile(r"Messages waiting to be delivered: \*(\d+)\*")


@pytest.fixture(scope="module")
def calm(tmp_path_factory: pytest.TempPathFactory) -> Counter:
    with world(tmp_path_factory.mktemp("calm")) as w, running_bot(w) as bot:
        bot.cycle(NOW)
        return alert_messages(w)


def waiting(w: World, bot: Bot, *, now: datetime, user: str = ADMIN) -> tuple[int, str]:
    """What `/tcbot status` says is waiting, asked in Slack by `user`, and the whole answer."""
    with slack_app(w, bot, now=now) as app:
        answer = one_private_answer(app.slash("/tcbot", "status", user=user))
    found = WAITING.search(answer)
    assert found, answer
    return int(found.group(1)), answer


def drain(bot: Bot, *, start: datetime, hours: int) -> datetime:
    """Deliver every 15 minutes for `hours`; returns the last time."""
    now = start
    for quarter in range(1, hours * 4 + 1):
        now = start + timedelta(minutes=15 * quarter)
        bot.delivery.deliver(now)
    return now


def test_passing_failures_are_counted_while_they_last_then_delivered_once(
    tmp_path: Path, calm: Counter
) -> None:
    with world(tmp_path) as w, running_bot(w) as bot:
        w.slack.fail("chat.postMessage", "ratelimited", times=6, retry_after=0)
        w.slack.fail("chat.postMessage", "internal_error", times=4)
        w.slack.drop_connection("chat.postMessage", times=9)  # beyond slack-sdk's 2 retries
        bot.poller.poll(NOW)
        first = bot.delivery.deliver(NOW)
        during, answer = waiting(w, bot, now=NOW)
        pending = bot.store.outbox.pending_count()

        last = drain(bot, start=NOW, hours=2)
        after, _ = waiting(w, bot, now=last)
        refused = Counter(c.error for c in w.slack.calls_to("chat.postMessage") if c.error)

        print(
            f"\nrefused posts {dict(refused)}; first round sent={first.sent} failed={first.failed};"
            f" status said {during} waiting (pending rows {pending}), then {after};"
            f" channels {sum(alert_messages(w).values())} messages (calm {sum(calm.values())})"
        )
        assert first.failed > 0 and during == pending == first.failed
        assert "will retry" in answer  # the admin sees why
        assert after == 0
        assert alert_messages(w) == calm
        assert max(alert_messages(w).values()) == 1


def test_an_outage_longer_than_the_retries_leaves_every_message_counted(tmp_path: Path) -> None:
    with world(tmp_path) as w, running_bot(w) as bot:
        w.slack.fail("chat.postMessage", "internal_error", times=10_000)
        bot.poller.poll(NOW)
        planned = bot.store.outbox.pending_count()
        last = drain(bot, start=NOW, hours=8)
        shown_admin, answer = waiting(w, bot, now=last)
        shown_dana, plain = waiting(w, bot, now=last, user=DANA)
        w.slack.clear_faults()
        later = drain(bot, start=last, hours=1)

        states = Counter(i.state for i in bot.store.outbox.undelivered(now=later))
        print(
            f"\nplanned {planned} rows; after 8 h of HTTP 500: {dict(states)};"
            f" status shows {shown_admin} to the admin, {shown_dana} to an employee"
        )
        assert planned > 0
        assert states == {"dead": planned}
        assert shown_admin == shown_dana == planned
        assert f"gave up after {MAX_ATTEMPTS} tries" in answer
        assert "given up" in answer and "internal_error" not in plain  # reasons: admins only
        assert w.slack.messages() == []  # nothing sent twice or late: dead stays dead


def test_refusals_for_good_stay_visible_and_everything_else_arrives_once(tmp_path: Path) -> None:
    with world(tmp_path) as calm_world:
        workspace = sandbox_workspace(calm_world.company)
    # Engineering's channel is gone, the bot is not in Sales', Support's manager left Slack.
    del workspace.channels[TEAM_CHANNELS["Engineering"]]
    sales = TEAM_CHANNELS["Sales"]
    workspace.other_channels[sales] = workspace.channels.pop(sales)
    workspace.users = [u for u in workspace.users if u["id"] != MANAGERS["Support"]]

    with world(tmp_path, workspace=workspace) as w, running_bot(w) as bot:
        bot.cycle(NOW)
        last = drain(bot, start=NOW, hours=2)
        rows = _all_rows(bot)
        dead = [r for r in rows if r["state"] == "dead"]
        sent = [r for r in rows if r["state"] == "sent"]
        shown_admin, answer = waiting(w, bot, now=last)
        posts = [c for c in w.slack.calls_to("chat.postMessage") if c.error is None]

        errors = Counter(r["last_error"] for r in dead)
        print(
            f"\n{len(rows)} rows: sent {len(sent)}, given up {dict(errors)};"
            f" status shows {shown_admin}; Slack accepted {len(posts)} posts"
        )
        assert {"channel_not_found", "not_in_channel", "user_not_found"} <= set(errors)
        assert len(sent) + len(dead) == len(rows)  # nothing pending, nothing lost
        assert shown_admin == len(dead)
        assert len(posts) == len(sent) == sum(alert_messages(w).values())
        assert max(alert_messages(w).values()) == 1
        assert "given up" in answer


def _all_rows(bot: Bot) -> list[dict]:
    with bot.store._connection.read() as db:  # noqa: SLF001 - every row, sent ones too
        return list(db.query("SELECT state, last_error, kind, target FROM outbox"))
