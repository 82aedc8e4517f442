"""`tcbot run` killed with SIGKILL at random points of its polls and deliveries and started
again on the same database, twenty times: the file stays consistent, no alert is claimed
without its messages, and each message is in Slack once. Run with -s to see the figures."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tcbot.alerts.model import Alert
from tcbot.alerts.plan import Planner
from tcbot.slack.delivery import LEASE_S
from tcbot.store.connection import from_db
from tcbot.timeclock.records import Employee
from tests.alerts.rig import NOW, running_bot, world
from tests.hardening.processes import child, rows, sandboxes

RESTARTS = 20
SEED = 6
DELIVER_EVERY_S = 0.5  # the child drains its outbox this often (5 s in production)
LATENCY_S = 0.3  # each TimeClock request: a poll (two requests) takes about 0.7 s
KILL_AFTER_S = (0.05, 2.0)  # after the startup line; the poll and deliveries run in this span
DRAIN_S = 20.0


def test_twenty_kills_leave_a_consistent_file_and_each_message_once(tmp_path: Path) -> None:
    pick = random.Random(SEED)
    began = time.monotonic()
    kills: Counter = Counter()
    with sandboxes(tmp_path, employees=40, latency=LATENCY_S) as boxes:
        for _ in range(RESTARTS):
            with child(boxes, tmp_path, deliver_every=DELIVER_EVERY_S) as run:
                time.sleep(pick.uniform(*KILL_AFTER_S))
                polled = run.saw(r"poll (ok|failed)")
                delivering = run.saw(r"delivered")
                run.kill()
            kills["after its poll" if polled else "inside its poll"] += 1
            kills["after a delivery began" if delivering else "before any delivery"] += 1
        killed_at = datetime.now(UTC)

        with child(boxes, tmp_path, deliver_every=DELIVER_EVERY_S) as last:
            leased = _wait_until_only_leased_rows_are_left(boxes.db_path)
            code = last.stop()
        elapsed = time.monotonic() - began

        [[integrity]] = rows(boxes.db_path, "PRAGMA integrity_check")
        alerts = rows(boxes.db_path, "SELECT key, delivered_at FROM alerts")
        outbox = rows(boxes.db_path, "SELECT * FROM outbox")
        polls = rows(boxes.db_path, "SELECT errors FROM polls")
        posted = Counter((m["channel"], m["text"]) for m in boxes.slack.messages())
        accepted = [c for c in boxes.slack.calls_to("chat.postMessage") if c.error is None]

    states = Counter(row["state"] for row in outbox)
    # Posted by a process killed before it could mark the row sent: Slack has the message,
    # the row waits for its lease and would post it again (see the TODO in delivery.py).
    unmarked = len(accepted) - states["sent"]
    print(
        f"\n{RESTARTS} SIGKILLs in {elapsed:.1f}s ({dict(kills)}); {len(polls)} polls logged;"
        f" {len(alerts)} alerts, outbox {dict(states)}; {len(leased)} rows still leased by a"
        f" killed process ({unmarked} of them already in Slack: posted, not yet marked);"
        f" Slack shows {sum(posted.values())} messages, accepted {len(accepted)} posts"
    )
    assert integrity == "ok"
    assert code == 0
    assert kills["inside its poll"] > 0 and kills["after a delivery began"] > 0
    assert alerts, "no poll finished in twenty runs"
    with_rows = {row["alert_key"] for row in outbox}
    assert [a["key"] for a in alerts if a["key"] not in with_rows] == []  # claimed, not queued
    pending = {row["alert_key"] for row in outbox if row["state"] == "pending"}
    assert [a["key"] for a in alerts if a["delivered_at"] is None and a["key"] not in pending] == []
    assert states["dead"] == 0
    for row in outbox:  # a lease is never longer than one send: it runs out by itself
        if row["lease_until"] is not None:
            assert from_db(row["lease_until"]) <= killed_at + timedelta(seconds=LEASE_S)
    assert max(posted.values()) == 1
    assert len(accepted) == sum(posted.values())
    assert 0 <= unmarked <= len(leased)


def _wait_until_only_leased_rows_are_left(db_path: Path) -> list:
    """Let the last process deliver everything it may (rows leased by a killed process wait
    for their lease, LEASE_S); returns those leased rows."""
    deadline = time.monotonic() + DRAIN_S
    while True:
        pending = rows(db_path, "SELECT * FROM outbox WHERE state = 'pending'")
        now = datetime.now(UTC)
        free = [r for r in pending if r["lease_until"] is None or from_db(r["lease_until"]) <= now]
        polled = rows(db_path, "SELECT count(*) FROM alerts")[0][0] > 0
        if polled and not free:
            return pending
        assert time.monotonic() < deadline, f"still {len(free)} rows to deliver"
        time.sleep(0.2)


class _DyingPlanner(Planner):
    """Queues the first alert's messages, then stops as a SIGKILL would stop the process."""

    def plan(
        self, alerts: Sequence[Alert], employees: Mapping[str, Employee], *, now: datetime
    ) -> int:
        super().plan(alerts[:1], employees, now=now)
        raise KeyboardInterrupt


def test_a_poll_stopped_between_claiming_and_queueing_leaves_nothing_half_done(
    tmp_path: Path,
) -> None:
    with world(tmp_path) as w, running_bot(w) as bot:
        bot.poller._planner = _DyingPlanner(store=bot.store, policy=w.policy)  # noqa: SLF001
        with pytest.raises(KeyboardInterrupt):
            bot.poller.poll(NOW)
        claimed = len(bot.store.alerts.open_alerts(now=NOW))
        queued = bot.store.outbox.pending_count()
        bot.poller._planner = bot.planner  # noqa: SLF001 - the next process
        again = bot.poller.poll(NOW)

        print(f"\nstopped mid-plan: {claimed} claimed, {queued} queued; next poll: {again.raised}")
        assert (claimed, queued) == (0, 0)  # before the fix: all claimed, one alert queued
        assert again.raised > 1 and bot.store.outbox.pending_count() > again.raised
