"""An alert's life in the store: raised, delivered, acknowledged, snoozed, resolved."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tcbot.store import MessageRef, Store, StoreError
from tests.store.samples import NOW, late_start, missing_punch_out

LATER = NOW + timedelta(minutes=5)


def test_claim_deliver_acknowledge_resolve(store: Store) -> None:
    alert = missing_punch_out(1)
    assert store.alerts.claim(alert, now=NOW)
    assert store.alerts.get(alert.key).state(NOW) == "raised"  # type: ignore[union-attr]

    assert store.alerts.mark_delivered(alert.key, now=NOW)
    assert not store.alerts.mark_delivered(alert.key, now=LATER)

    assert store.alerts.acknowledge(alert.key, by_user="U0MGR", now=LATER)
    assert not store.alerts.acknowledge(alert.key, by_user="U0OTHER", now=LATER + timedelta(1))
    stored = store.alerts.get(alert.key)
    assert stored is not None
    assert (stored.acknowledged_by, stored.acknowledged_at) == ("U0MGR", LATER)
    assert stored.delivered_at == NOW
    assert stored.state(LATER) == "acknowledged"

    assert store.alerts.resolve(alert.key, now=LATER, reason="punched out")
    assert not store.alerts.resolve(alert.key, now=LATER, reason="punched out")
    stored = store.alerts.get(alert.key)
    assert stored is not None
    assert (stored.state(LATER), stored.resolved_reason) == ("resolved", "punched out")
    assert store.alerts.open_alerts(now=LATER) == []


def test_the_stored_alert_is_the_alert_that_was_claimed(store: Store) -> None:
    alert = missing_punch_out(2)
    store.alerts.claim(alert, now=NOW)
    stored = store.alerts.get(alert.key)
    assert stored is not None
    assert stored.alert == alert
    assert stored.alert.at.tzinfo == ZoneInfo("Asia/Jerusalem")
    assert stored.raised_at == NOW
    assert stored.key == alert.key


def test_open_alerts_leave_out_resolved_and_snoozed(store: Store) -> None:
    first, second, third = late_start(1), late_start(2), late_start(3)
    store.alerts.claim_many([first, second, third], now=NOW)
    store.alerts.resolve(first.key, now=NOW, reason="day over")
    assert store.alerts.snooze(second.key, by_user="U0MGR", until=NOW + timedelta(hours=1), now=NOW)

    assert [a.key for a in store.alerts.open_alerts(now=LATER)] == [third.key]
    snoozed = store.alerts.open_alerts(now=LATER, include_snoozed=True)
    assert [(a.key, a.state(LATER)) for a in snoozed] == [
        (second.key, "snoozed"),
        (third.key, "raised"),
    ]
    assert snoozed[0].snoozed_by == "U0MGR"

    after_snooze = NOW + timedelta(hours=1)
    assert [a.key for a in store.alerts.open_alerts(now=after_snooze)] == [second.key, third.key]


def test_a_resolved_alert_cannot_be_snoozed_or_reminded(store: Store) -> None:
    alert = late_start(1)
    store.alerts.claim(alert, now=NOW)
    assert store.alerts.mark_reminded(alert.key, now=LATER)
    store.alerts.resolve(alert.key, now=LATER, reason="day over")
    assert not store.alerts.snooze(
        alert.key, by_user="U0MGR", until=LATER + timedelta(hours=1), now=LATER
    )
    assert not store.alerts.mark_reminded(alert.key, now=LATER)
    stored = store.alerts.get(alert.key)
    assert stored is not None and stored.reminded_at == LATER


def test_unknown_keys_change_nothing(store: Store) -> None:
    assert store.alerts.get("late_start:9999:2025-10-07") is None
    assert not store.alerts.acknowledge("late_start:9999:2025-10-07", by_user="U1", now=NOW)
    assert not store.alerts.resolve("late_start:9999:2025-10-07", now=NOW, reason="x")
    with pytest.raises(StoreError, match="FOREIGN KEY"):
        store.alerts.record_message(
            "late_start:9999:2025-10-07", channel="C1", ts="1.1", kind="channel", now=NOW
        )


def test_messages_are_kept_per_alert_for_later_edits(store: Store) -> None:
    alert, other = late_start(1), late_start(2)
    store.alerts.claim_many([alert, other], now=NOW)
    assert store.alerts.record_message(
        alert.key, channel="C0ALERTS", ts="1.1", kind="channel", now=NOW
    )
    assert store.alerts.record_message(
        alert.key, channel="D0MGR", ts="2.2", kind="manager_dm", now=LATER
    )
    assert not store.alerts.record_message(
        alert.key, channel="C0ALERTS", ts="1.1", kind="channel", now=LATER
    )
    expected = [
        MessageRef("C0ALERTS", "1.1", "channel", NOW),
        MessageRef("D0MGR", "2.2", "manager_dm", LATER),
    ]
    assert store.alerts.messages_for(alert.key) == expected
    assert store.alerts.messages_for(other.key) == []
    by_key = {a.key: a.messages for a in store.alerts.open_alerts(now=LATER)}
    assert by_key == {alert.key: tuple(expected), other.key: ()}
    with pytest.raises(ValueError, match="message kind 'email'"):
        store.alerts.record_message(alert.key, channel="C1", ts="3.3", kind="email", now=NOW)


def test_times_must_be_aware(store: Store) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        store.alerts.claim(late_start(1), now=datetime(2025, 10, 7, 9, 0))
    with pytest.raises(ValueError, match="is not after now"):
        store.alerts.snooze(late_start(1).key, by_user="U1", until=NOW, now=NOW)


def test_who_sent_the_reminder_is_kept(store: Store) -> None:
    alert = late_start(2)
    store.alerts.claim(alert, now=NOW)

    assert store.alerts.mark_reminded(alert.key, now=LATER, by_user="U0MGRSUPP")

    stored = store.alerts.get(alert.key)
    assert stored is not None
    assert (stored.reminded_at, stored.reminded_by) == (LATER, "U0MGRSUPP")
