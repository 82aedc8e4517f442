"""The delivery outbox: queued once, sent by one process, retried, given up visibly."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tcbot.store import MessageRef, Store
from tests.store.samples import NOW, late_start

MINUTE = timedelta(minutes=1)


def enqueue(store: Store, name: str, *, alert_key: str | None = None, at: datetime = NOW) -> int:
    assert store.outbox.enqueue(
        "channel", "C0ALERTS", {"text": name}, alert_key=alert_key, dedupe_key=name, now=at
    )
    return next(item.id for item in store.outbox.undelivered(now=at) if item.dedupe_key == name)


def test_enqueuing_the_same_message_twice_keeps_one_row(store: Store) -> None:
    enqueue(store, "late:1001")
    assert not store.outbox.enqueue(
        "channel", "C0ALERTS", {"text": "again"}, alert_key=None, dedupe_key="late:1001", now=NOW
    )
    assert store.outbox.pending_count() == 1
    [item] = store.outbox.due(now=NOW)
    assert (item.kind, item.target, item.payload, item.attempts) == (
        "channel",
        "C0ALERTS",
        {"text": "late:1001"},
        0,
    )


def test_due_is_ordered_by_next_try_and_waits_for_it(store: Store) -> None:
    first = enqueue(store, "first")
    second = enqueue(store, "second", at=NOW + MINUTE)
    third = enqueue(store, "third", at=NOW + MINUTE)
    assert [item.id for item in store.outbox.due(now=NOW)] == [first]
    assert [item.id for item in store.outbox.due(now=NOW + MINUTE)] == [first, second, third]
    assert [item.id for item in store.outbox.due(now=NOW + MINUTE, limit=2)] == [first, second]

    store.outbox.failed(first, now=NOW + MINUTE, error="ratelimited", retry_at=NOW + 3 * MINUTE)
    assert [item.id for item in store.outbox.due(now=NOW + 2 * MINUTE)] == [second, third]
    assert [item.id for item in store.outbox.due(now=NOW + 3 * MINUTE)] == [second, third, first]


def test_a_lease_keeps_a_row_from_a_second_sender_until_it_expires(db_path: Path) -> None:
    with Store.open(db_path) as one, Store.open(db_path) as two:
        item = enqueue(one, "late:1001")
        assert one.outbox.lease(item, now=NOW, for_seconds=30)
        assert not two.outbox.lease(item, now=NOW + timedelta(seconds=29), for_seconds=30)
        assert two.outbox.due(now=NOW + timedelta(seconds=29)) == []
        assert [i.id for i in two.outbox.due(now=NOW + timedelta(seconds=30))] == [item]
        assert two.outbox.lease(item, now=NOW + timedelta(seconds=30), for_seconds=30)


def test_a_failure_counts_the_attempt_and_sets_the_retry(store: Store) -> None:
    item = enqueue(store, "late:1001")
    store.outbox.lease(item, now=NOW, for_seconds=30)
    assert store.outbox.failed(item, now=NOW, error="ratelimited", retry_at=NOW + MINUTE)
    store.outbox.failed(item, now=NOW + MINUTE, error="timeout", retry_at=NOW + 5 * MINUTE)
    found = store.outbox.get(item)
    assert found is not None
    assert (found.attempts, found.last_error, found.next_try) == (2, "timeout", NOW + 5 * MINUTE)
    assert found.lease_until is None
    assert store.outbox.pending_count() == 1
    with pytest.raises(ValueError, match="before now"):
        store.outbox.failed(item, now=NOW, error="x", retry_at=NOW - MINUTE)


def test_a_row_given_up_stays_visible_as_undelivered(store: Store) -> None:
    dead = enqueue(store, "dm:U0GONE")
    waiting = enqueue(store, "late:1001")
    store.outbox.failed(waiting, now=NOW, error="timeout", retry_at=NOW + MINUTE)
    assert store.outbox.give_up(dead, now=NOW, error="channel_not_found")
    assert not store.outbox.give_up(dead, now=NOW, error="channel_not_found")

    undelivered = store.outbox.undelivered(now=NOW)
    assert [(i.dedupe_key, i.state, i.attempts, i.last_error) for i in undelivered] == [
        ("dm:U0GONE", "dead", 1, "channel_not_found"),
        ("late:1001", "pending", 1, "timeout"),
    ]
    assert store.outbox.pending_count() == 1
    assert store.outbox.due(now=NOW + MINUTE)[0].id == waiting
    assert not store.outbox.lease(dead, now=NOW, for_seconds=30)


def test_a_sent_row_leaves_the_queue_and_its_alert_remembers_the_message(store: Store) -> None:
    alert = late_start(1)
    store.alerts.claim(alert, now=NOW)
    item = enqueue(store, "late:1001", alert_key=alert.key)
    other = enqueue(store, "digest:U0MGR")
    store.outbox.lease(item, now=NOW, for_seconds=30)
    assert store.outbox.sent(item, now=NOW, ts="1700000000.000100", channel="C0ALERTS")
    assert not store.outbox.sent(item, now=NOW, ts="1700000000.000100", channel="C0ALERTS")

    assert store.outbox.pending_count() == 1
    assert [i.id for i in store.outbox.undelivered(now=NOW)] == [other]
    sent = store.outbox.get(item)
    assert sent is not None
    assert (sent.state, sent.sent_ts, sent.sent_channel, sent.payload) == (
        "sent",
        "1700000000.000100",
        "C0ALERTS",
        {},
    )
    assert store.alerts.messages_for(alert.key) == [
        MessageRef("C0ALERTS", "1700000000.000100", "channel", NOW)
    ]


def test_an_edit_is_queued_as_an_update(store: Store) -> None:
    payload = {"channel": "C0ALERTS", "ts": "1.1", "text": "Resolved: punched out"}
    assert store.outbox.enqueue(
        "update", "C0ALERTS", payload, alert_key=None, dedupe_key="resolve:1.1", now=NOW
    )
    [item] = store.outbox.due(now=NOW)
    assert (item.kind, item.payload) == ("update", payload)
    with pytest.raises(ValueError, match="outbox kind 'sms'"):
        store.outbox.enqueue("sms", "U1", {}, alert_key=None, dedupe_key="x", now=NOW)


def test_has_pending_tells_whether_an_alerts_posts_are_still_to_go(store: Store) -> None:
    kinds = ("channel", "manager_dm", "nudge")
    alert = late_start(1)
    store.alerts.claim(alert, now=NOW)
    row = enqueue(store, f"{alert.key}:channel", alert_key=alert.key)

    assert store.outbox.has_pending(alert.key, kinds)
    assert not store.outbox.has_pending(alert.key, ("update",))
    assert not store.outbox.has_pending("late_start:9999:2025-10-08", kinds)
    store.outbox.sent(row, now=NOW, ts="1.0", channel="C0ALERTS")
    assert not store.outbox.has_pending(alert.key, kinds)
