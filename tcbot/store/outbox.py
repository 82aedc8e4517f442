"""The delivery outbox: every Slack message tcbot means to post or edit is a row here until
Slack confirms it.

A sender asks for what is `due`, takes a `lease` on one row (only one process can hold it),
posts it, and then marks it `sent`, `failed` (try again at a given time) or gives up on it
(`dead`, kept so `/tcbot status` can show it). Enqueuing is idempotent by `dedupe_key`, so a
poll that runs twice, or two processes, queue a message once. A sent row keeps its kind,
target and Slack reference but not its payload, which is no longer needed and may name people.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tcbot.store.alerts import MESSAGE_KINDS, insert_message
from tcbot.store.connection import StoreConnection, from_db, from_db_or_none, to_db

log = logging.getLogger(__name__)

OUTBOX_KINDS = (*MESSAGE_KINDS, "digest", "update")
_ERROR_LIMIT = 500


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One message to post (or, for kind "update", an edit made with chat.update)."""

    id: int
    kind: str  # one of OUTBOX_KINDS
    target: str  # channel id or Slack user id
    payload: dict[str, Any]  # chat.postMessage / chat.update arguments; {} once sent
    alert_key: str | None
    dedupe_key: str
    state: str  # "pending", "sent" or "dead"
    attempts: int
    last_error: str | None
    created_at: datetime
    next_try: datetime
    lease_until: datetime | None
    finished_at: datetime | None  # when it was sent or given up
    sent_ts: str | None
    sent_channel: str | None


class Outbox:
    """The delivery queue. Reach it as `Store.outbox`."""

    def __init__(self, connection: StoreConnection) -> None:
        self._connection = connection

    def enqueue(
        self,
        kind: str,
        target: str,
        payload: dict[str, Any],
        *,
        alert_key: str | None,
        dedupe_key: str,
        now: datetime,
    ) -> bool:
        """Queue a message for `target` (a channel or user id), due at once. True if queued;
        False if a row with `dedupe_key` already exists, whatever its state."""
        if kind not in OUTBOX_KINDS:
            raise ValueError(f"outbox kind {kind!r} is not one of {', '.join(OUTBOX_KINDS)}")
        text = json.dumps(payload, sort_keys=True)
        stamp = to_db(now)
        with self._connection.write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO outbox (dedupe_key, kind, target, payload, alert_key,"
                " state, created_at, next_try) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
                [dedupe_key, kind, target, text, alert_key, stamp, stamp],
            )
            return cursor.rowcount == 1

    def due(self, *, now: datetime, limit: int = 50) -> list[OutboxItem]:
        """Pending rows whose `next_try` has come and that nobody holds a lease on,
        earliest `next_try` first (then in the order they were queued)."""
        stamp = to_db(now)
        return self._select(
            "state = 'pending' AND next_try <= ? AND (lease_until IS NULL OR lease_until <= ?)"
            " ORDER BY next_try, id LIMIT ?",
            [stamp, stamp, limit],
        )

    def lease(self, item_id: int, *, now: datetime, for_seconds: float) -> bool:
        """Take row `item_id` for `for_seconds`. True only if it is pending and no one else
        holds an unexpired lease; only the holder may post it."""
        until = to_db(now + timedelta(seconds=for_seconds))
        with self._connection.write() as db:
            cursor = db.execute(
                "UPDATE outbox SET lease_until = ? WHERE id = ? AND state = 'pending'"
                " AND (lease_until IS NULL OR lease_until <= ?)",
                [until, item_id, to_db(now)],
            )
            return cursor.rowcount == 1

    def sent(self, item_id: int, *, now: datetime, ts: str, channel: str) -> bool:
        """Slack accepted the message as `channel`/`ts`. For an alert's message (kinds channel,
        manager_dm, nudge) the reference is also recorded for `AlertStore.messages_for`, in the
        same transaction. False if the row was not pending (someone else finished it)."""
        with self._connection.write() as db:
            rows = list(db.query("SELECT kind, alert_key FROM outbox WHERE id = ?", [item_id]))
            cursor = db.execute(
                "UPDATE outbox SET state = 'sent', finished_at = ?, sent_ts = ?,"
                " sent_channel = ?, lease_until = NULL, payload = '{}'"
                " WHERE id = ? AND state = 'pending'",
                [to_db(now), ts, channel, item_id],
            )
            if cursor.rowcount != 1:
                return False
            kind, alert_key = rows[0]["kind"], rows[0]["alert_key"]
            if alert_key is not None and kind in MESSAGE_KINDS:
                insert_message(db, alert_key, channel=channel, ts=ts, kind=kind, now=now)
        return True

    def failed(self, item_id: int, *, now: datetime, error: str, retry_at: datetime) -> bool:
        """A try failed; count it, keep `error` and try again at `retry_at`.
        False if the row was not pending."""
        if retry_at < now:
            raise ValueError(f"retry_at {retry_at.isoformat()} is before now")
        with self._connection.write() as db:
            return (
                db.execute(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_try = ?,"
                    " lease_until = NULL WHERE id = ? AND state = 'pending'",
                    [error[:_ERROR_LIMIT], to_db(retry_at), item_id],
                ).rowcount
                == 1
            )

    def give_up(self, item_id: int, *, now: datetime, error: str) -> bool:
        """The last try failed for good: the row becomes "dead", stays visible in
        `undelivered`, and is never tried again. False if the row was not pending."""
        with self._connection.write() as db:
            return (
                db.execute(
                    "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?,"
                    " finished_at = ?, lease_until = NULL WHERE id = ? AND state = 'pending'",
                    [error[:_ERROR_LIMIT], to_db(now), item_id],
                ).rowcount
                == 1
            )

    def get(self, item_id: int) -> OutboxItem | None:
        found = self._select("id = ?", [item_id])
        return found[0] if found else None

    def pending_count(self) -> int:
        """How many rows are still to be sent (due now or waiting for a retry)."""
        with self._connection.read() as db:
            return int(
                db.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
            )

    def has_pending(self, alert_key: str, kinds: tuple[str, ...]) -> bool:
        """Whether a message of one of `kinds` about the alert is still to be sent."""
        marks = ", ".join("?" for _ in kinds)
        with self._connection.read() as db:
            row = db.execute(
                f"SELECT 1 FROM outbox WHERE alert_key = ? AND state = 'pending'"
                f" AND kind IN ({marks}) LIMIT 1",
                [alert_key, *kinds],
            ).fetchone()
        return row is not None

    def undelivered(self, *, now: datetime) -> list[OutboxItem]:
        """Everything queued up to `now` that Slack has not confirmed: pending rows (due or
        waiting for a retry) and dead ones, oldest first."""
        return self._select(
            "state IN ('pending', 'dead') AND created_at <= ? ORDER BY created_at, id",
            [to_db(now)],
        )

    def _select(self, where: str, params: list[Any]) -> list[OutboxItem]:
        with self._connection.read() as db:
            rows = list(db.query(f"SELECT * FROM outbox WHERE {where}", params))
        return [_item(row) for row in rows]


def _item(row: dict[str, Any]) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        kind=row["kind"],
        target=row["target"],
        payload=json.loads(row["payload"]),
        alert_key=row["alert_key"],
        dedupe_key=row["dedupe_key"],
        state=row["state"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        created_at=from_db(row["created_at"]),
        next_try=from_db(row["next_try"]),
        lease_until=from_db_or_none(row["lease_until"]),
        finished_at=from_db_or_none(row["finished_at"]),
        sent_ts=row["sent_ts"],
        sent_channel=row["sent_channel"],
    )
