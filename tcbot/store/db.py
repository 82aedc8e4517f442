"""`Store`: tcbot's state file opened, migrated and split into its parts, plus retention.

    store = Store.open(settings.db_path)
    if store.alerts.claim(alert, now=now):
        store.outbox.enqueue("channel", channel, payload, alert_key=alert.key,
                             dedupe_key=f"channel:{alert.key}", now=now)
    store.close()

One `Store` per process, shared by all its threads (see `tcbot.store.connection` for why a
lock rather than a connection per thread). Several processes may open the same file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType

from tcbot.store.alerts import AlertStore
from tcbot.store.connection import BUSY_TIMEOUT_S, StoreConnection, to_db
from tcbot.store.outbox import Outbox
from tcbot.store.people import People
from tcbot.store.polls import PollLog
from tcbot.store.schema import migrate, schema_version

log = logging.getLogger(__name__)

# What `purge` deletes, each as (name in the result, SQL with one `?` for the cutoff).
_PURGES = (
    ("alerts", "DELETE FROM alerts WHERE resolved_at IS NOT NULL AND resolved_at < ?"),
    ("outbox", "DELETE FROM outbox WHERE state IN ('sent', 'dead') AND finished_at < ?"),
    ("refusals", "DELETE FROM refusals WHERE at < ?"),
    ("polls", "DELETE FROM polls WHERE started < ?"),
    ("not_found", "DELETE FROM not_found WHERE seen_at < ?"),
)


class Store:
    """The state database: `alerts`, `outbox`, `people` and `polls`, over one connection."""

    def __init__(self, connection: StoreConnection) -> None:
        """Wrap an open, migrated connection; use `Store.open` instead."""
        self._connection = connection
        self.alerts = AlertStore(connection)
        self.outbox = Outbox(connection)
        self.people = People(connection)
        self.polls = PollLog(connection)

    @classmethod
    def open(cls, path: Path | str, *, busy_timeout: float = BUSY_TIMEOUT_S) -> Store:
        """Open the file at `path` (created if missing) and bring its schema up to date.

        ":memory:" gives a private database for quick checks; tests that matter use a file,
        since threads and processes only meet on a file. Raises `StoreError` with what to do
        when the file cannot be opened or was written by a newer tcbot.
        """
        connection = StoreConnection.open(path, busy_timeout=busy_timeout)
        try:
            migrate(connection)
        except BaseException:
            connection.close()
            raise
        return cls(connection)

    @property
    def schema_version(self) -> int:
        return schema_version(self._connection)

    def purge(self, *, now: datetime, retention: timedelta) -> dict[str, int]:
        """Delete what is older than `retention` before `now`: resolved alerts (with their
        message references), sent and dead outbox rows, refusals, polls and not-found cache
        entries. Open alerts and pending outbox rows are kept whatever their age. Returns how
        many rows went from each ("alerts", "outbox", "refusals", "polls", "not_found").

        The retention must be longer than the poller's look-back, or a purged alert could be
        raised again.
        """
        if retention <= timedelta(0):
            raise ValueError("retention must be a positive duration")
        cutoff = to_db(now - retention)
        with self._connection.write() as db:
            counts = {name: db.execute(sql, [cutoff]).rowcount for name, sql in _PURGES}
        # TODO: alerts that are never resolved stay forever; this matters if the alerts engine
        # leaves non-ongoing alerts (late starts, overtime) open instead of resolving them.
        log.info(
            "state purged %s",
            " ".join(f"{name}={count}" for name, count in counts.items()),
        )
        return counts

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction around several calls (`alerts.claim_many` then
        `outbox.enqueue`...): all of their writes land together or, if the block raises or
        the process dies inside it, none do. Other threads wait until it ends."""
        with self._connection.write():
            yield

    def close(self) -> None:
        """Close the database; the `Store` cannot be used afterwards."""
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
