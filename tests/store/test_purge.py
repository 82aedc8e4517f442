"""Retention: old finished rows go, anything still open or recent stays."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tcbot.store import Store
from tests.store.samples import NOW, late_start

RETENTION = timedelta(days=90)
OLD = NOW - RETENTION - timedelta(days=1)
RECENT = NOW - RETENTION + timedelta(days=1)


def fill(store: Store) -> None:
    """Two of everything purge looks at: one old enough to go, one to keep."""
    old_resolved, recent_resolved, old_open = late_start(1), late_start(2), late_start(3)
    store.alerts.claim_many([old_resolved, recent_resolved, old_open], now=OLD)
    store.alerts.record_message(old_resolved.key, channel="C1", ts="1.1", kind="channel", now=OLD)
    store.alerts.resolve(old_resolved.key, now=OLD, reason="day over")
    store.alerts.resolve(recent_resolved.key, now=RECENT, reason="day over")
    for name, when in (("old", OLD), ("recent", RECENT)):
        for state in ("sent", "dead", "pending"):
            key = f"{name}-{state}"
            store.outbox.enqueue("channel", "C1", {}, alert_key=None, dedupe_key=key, now=when)
            [item] = [i for i in store.outbox.undelivered(now=NOW) if i.dedupe_key == key]
            if state == "sent":
                store.outbox.sent(item.id, now=when, ts="2.2", channel="C1")
            elif state == "dead":
                store.outbox.give_up(item.id, now=when, error="channel_not_found")
        store.people.record_refusal("U0NOSY", "1300", "/hours", now=when)
        store.people.remember_not_found(f"U0{name}", now=when)
        store.polls.record_poll(
            started=when, duration_s=1.0, records=1, alerts_raised=0, errors=None, api_calls=4
        )


def test_purge_removes_only_rows_older_than_the_retention(store: Store) -> None:
    fill(store)
    counts = store.purge(now=NOW, retention=RETENTION)
    assert counts == {"alerts": 1, "outbox": 2, "refusals": 1, "polls": 1, "not_found": 1}

    assert store.alerts.get(late_start(1).key) is None
    assert store.alerts.messages_for(late_start(1).key) == []
    assert store.alerts.get(late_start(2).key) is not None
    assert [a.key for a in store.alerts.open_alerts(now=NOW)] == [late_start(3).key]
    left = [i.dedupe_key for i in store.outbox.undelivered(now=NOW)]
    assert left == ["old-pending", "recent-dead", "recent-pending"]
    assert len(store.people.refusals(since=OLD)) == 1
    assert store.polls.last_poll() is not None
    assert store.people.recently_not_found("U0recent", now=NOW, ttl=RETENTION)

    assert store.purge(now=NOW, retention=RETENTION) == dict.fromkeys(counts, 0)


def test_purge_needs_a_positive_retention(store: Store) -> None:
    with pytest.raises(ValueError, match="positive"):
        store.purge(now=NOW, retention=timedelta(0))
