"""Alerts in the store: who claimed them, where they were posted, and how far along their life
they are.

An alert is claimed (a row inserted under its stable `Alert.key`) before anything is posted
about it; only the one caller whose insert wins, across threads and processes, posts it. Its
life after that: delivered, acknowledged (once, by one person), maybe snoozed or reminded,
and finally resolved. The row keeps the alert's own fields, including the email, so that an
alert can be shown again or edited after a restart without asking TimeClock; the whole row is
deleted by `Store.purge` once it has been resolved for longer than the retention.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlite_utils import Database

from tcbot.alerts.model import Alert
from tcbot.store.connection import StoreConnection, from_db, from_db_or_none, to_db

log = logging.getLogger(__name__)

MESSAGE_KINDS = ("channel", "manager_dm", "nudge")

_INSERT = """INSERT OR IGNORE INTO alerts
    (key, rule, employee, email, day, at, subject, detail, timezone, ongoing, raised_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""


@dataclass(frozen=True, slots=True)
class MessageRef:
    """A Slack message posted about an alert, so it can be edited with chat.update later."""

    channel: str
    ts: str
    kind: str  # one of MESSAGE_KINDS
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class StoredAlert:
    """An alert as the store knows it: the alert itself, its life so far, and its messages."""

    alert: Alert
    raised_at: datetime
    delivered_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None  # Slack user id
    snoozed_until: datetime | None
    snoozed_by: str | None
    reminded_at: datetime | None
    reminded_by: str | None  # Slack user id; None for reminders sent before it was kept
    resolved_at: datetime | None
    resolved_reason: str | None
    messages: tuple[MessageRef, ...]

    @property
    def key(self) -> str:
        return self.alert.key

    def state(self, now: datetime) -> str:
        """`resolved`, `snoozed`, `acknowledged`, `delivered` or `raised`, as of `now`."""
        if self.resolved_at is not None:
            return "resolved"
        if self.snoozed_until is not None and self.snoozed_until > now:
            return "snoozed"
        if self.acknowledged_at is not None:
            return "acknowledged"
        if self.delivered_at is not None:
            return "delivered"
        return "raised"


class AlertStore:
    """Claims and the life of alerts. Reach it as `Store.alerts`."""

    def __init__(self, connection: StoreConnection) -> None:
        self._connection = connection

    def claim(self, alert: Alert, *, now: datetime) -> bool:
        """Record `alert` as raised. True only for the one caller, in any thread or process,
        whose claim is the first for `alert.key`; that caller, and only it, posts the alert."""
        with self._connection.write() as db:
            return db.execute(_INSERT, _row(alert, now)).rowcount == 1

    def claim_many(self, alerts: Iterable[Alert], *, now: datetime) -> list[Alert]:
        """Claim all of `alerts` in one transaction; return those this call won, in order."""
        raised_at = to_db(now)
        won: list[Alert] = []
        with self._connection.write() as db:
            for alert in alerts:
                if db.execute(_INSERT, _row(alert, now, raised_at)).rowcount == 1:
                    won.append(alert)
        log.debug("alerts claimed won=%d", len(won))
        return won

    def mark_delivered(self, key: str, *, now: datetime) -> bool:
        """Note the first successful post of the alert; False if already noted or unknown."""
        return self._update(key, "delivered_at = ?", [to_db(now)], "delivered_at IS NULL")

    def acknowledge(self, key: str, *, by_user: str, now: datetime) -> bool:
        """Record that Slack user `by_user` took the alert on. True for the first person only;
        False if someone already did (then `get(key)` shows who and when) or the key is
        unknown."""
        return self._update(
            key,
            "acknowledged_at = ?, acknowledged_by = ?",
            [to_db(now), by_user],
            "acknowledged_at IS NULL",
        )

    def snooze(self, key: str, *, by_user: str, until: datetime, now: datetime) -> bool:
        """Keep the alert out of `open_alerts` until `until`. False if resolved or unknown.
        A later snooze replaces an earlier one."""
        if until <= now:
            raise ValueError(f"snooze until {until.isoformat()} is not after now")
        return self._update(
            key,
            "snoozed_at = ?, snoozed_by = ?, snoozed_until = ?",
            [to_db(now), by_user, to_db(until)],
            "resolved_at IS NULL",
        )

    def mark_reminded(self, key: str, *, now: datetime, by_user: str | None = None) -> bool:
        """Note that a reminder went out (the last one is kept). False if resolved or unknown."""
        return self._update(
            key, "reminded_at = ?, reminded_by = ?", [to_db(now), by_user], "resolved_at IS NULL"
        )

    def resolve(self, key: str, *, now: datetime, reason: str) -> bool:
        """Close the alert (`reason` e.g. "punched out", "day over"). True only for the call
        that closed it, so the resolution is announced once."""
        return self._update(
            key, "resolved_at = ?, resolved_reason = ?", [to_db(now), reason], "resolved_at IS NULL"
        )

    def get(self, key: str) -> StoredAlert | None:
        """The alert stored under `key`, resolved or not, or None."""
        with self._connection.read() as db:
            rows = list(db.query("SELECT * FROM alerts WHERE key = ?", [key]))
            messages = _messages(db, "m.alert_key = ?", [key])
        return _stored(rows[0], messages.get(key, ())) if rows else None

    def open_alerts(self, *, now: datetime, include_snoozed: bool = False) -> list[StoredAlert]:
        """Alerts not yet resolved, oldest `at` first. Alerts snoozed past `now` are left out
        unless `include_snoozed` (e.g. for `/tcbot status`)."""
        where = "a.resolved_at IS NULL"
        params: list[Any] = []
        if not include_snoozed:
            where += " AND (a.snoozed_until IS NULL OR a.snoozed_until <= ?)"
            params.append(to_db(now))
        with self._connection.read() as db:
            rows = list(
                db.query(f"SELECT a.* FROM alerts a WHERE {where} ORDER BY at, key", params)
            )
            messages = _messages(db, where, params)
        return [_stored(row, messages.get(row["key"], ())) for row in rows]

    def record_message(self, key: str, *, channel: str, ts: str, kind: str, now: datetime) -> bool:
        """Remember a message posted about alert `key`. False if it was already recorded.
        `Outbox.sent` does this by itself for outbox items that carry an alert key."""
        with self._connection.write() as db:
            return insert_message(db, key, channel=channel, ts=ts, kind=kind, now=now)

    def messages_for(self, key: str) -> list[MessageRef]:
        """The messages posted about alert `key`, oldest first."""
        with self._connection.read() as db:
            return list(_messages(db, "m.alert_key = ?", [key]).get(key, ()))

    def _update(self, key: str, assignments: str, values: list[Any], condition: str) -> bool:
        sql = f"UPDATE alerts SET {assignments} WHERE key = ? AND {condition}"
        with self._connection.write() as db:
            return db.execute(sql, [*values, key]).rowcount == 1


def insert_message(
    db: Database, key: str, *, channel: str, ts: str, kind: str, now: datetime
) -> bool:
    """Record a posted message inside the caller's write transaction."""
    if kind not in MESSAGE_KINDS:
        raise ValueError(f"message kind {kind!r} is not one of {', '.join(MESSAGE_KINDS)}")
    cursor = db.execute(
        "INSERT OR IGNORE INTO alert_messages (alert_key, channel, ts, kind, posted_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [key, channel, ts, kind, to_db(now)],
    )
    return cursor.rowcount == 1


def _row(alert: Alert, now: datetime, raised_at: str | None = None) -> list[Any]:
    return [
        alert.key,
        alert.rule,
        alert.employee,
        alert.email,
        alert.date.isoformat(),
        to_db(alert.at),
        alert.subject,
        alert.detail,
        alert.timezone,
        int(alert.ongoing),
        raised_at or to_db(now),
    ]


def _messages(db: Database, where: str, params: list[Any]) -> dict[str, tuple[MessageRef, ...]]:
    """Messages of the alerts matching `where` (aliases: `a` alerts, `m` messages), by key."""
    rows = db.query(
        "SELECT m.* FROM alert_messages m JOIN alerts a ON a.key = m.alert_key"
        f" WHERE {where} ORDER BY m.posted_at, m.rowid",
        params,
    )
    found: dict[str, list[MessageRef]] = {}
    for row in rows:
        ref = MessageRef(row["channel"], row["ts"], row["kind"], from_db(row["posted_at"]))
        found.setdefault(row["alert_key"], []).append(ref)
    return {key: tuple(refs) for key, refs in found.items()}


def _stored(row: dict[str, Any], messages: tuple[MessageRef, ...]) -> StoredAlert:
    alert = Alert(
        rule=row["rule"],
        employee=row["employee"],
        email=row["email"],
        date=date.fromisoformat(row["day"]),
        at=_in_zone(from_db(row["at"]), row["timezone"]),
        subject=row["subject"],
        detail=row["detail"],
        timezone=row["timezone"],
        ongoing=bool(row["ongoing"]),
    )
    return StoredAlert(
        alert=alert,
        raised_at=from_db(row["raised_at"]),
        delivered_at=from_db_or_none(row["delivered_at"]),
        acknowledged_at=from_db_or_none(row["acknowledged_at"]),
        acknowledged_by=row["acknowledged_by"],
        snoozed_until=from_db_or_none(row["snoozed_until"]),
        snoozed_by=row["snoozed_by"],
        reminded_at=from_db_or_none(row["reminded_at"]),
        reminded_by=row["reminded_by"],
        resolved_at=from_db_or_none(row["resolved_at"]),
        resolved_reason=row["resolved_reason"],
        messages=messages,
    )


def _in_zone(moment: datetime, zone: str) -> datetime:
    """`at` comes back in the employee's zone, as the alert was made; UTC if the zone is gone."""
    try:
        return moment.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return moment.astimezone(UTC)
