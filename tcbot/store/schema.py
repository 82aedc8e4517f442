"""The database schema as an ordered list of migrations; `PRAGMA user_version` says how many
of them a file has had.

Why not `sqlite_utils.migrations`: its `apply()` decides what is pending before it takes the
write lock and then opens a deferred transaction, so two tcbot processes starting together on
a new file could both run the same migration; it also stamps each migration with the wall
clock. Here the version is read and raised inside one `BEGIN IMMEDIATE` transaction, so
exactly one process upgrades a file and the other then finds nothing to do.

A migration, once released, never changes: a new need is a new function at the end of the
list. The SQL is written out rather than generated, so the schema a migration creates does not
depend on the version of any library.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlite_utils import Database

from tcbot.store.connection import StoreConnection, StoreError

log = logging.getLogger(__name__)


def _run(db: Database, *statements: str) -> None:
    for statement in statements:
        db.execute(statement)


def _v1_alerts_and_outbox(db: Database) -> None:
    """Alerts, the Slack messages posted about them, and the delivery outbox."""
    _run(
        db,
        """CREATE TABLE alerts (
            key TEXT PRIMARY KEY,
            rule TEXT NOT NULL,
            employee TEXT NOT NULL,
            email TEXT NOT NULL,
            day TEXT NOT NULL,
            at TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT NOT NULL,
            timezone TEXT NOT NULL,
            ongoing INTEGER NOT NULL,
            raised_at TEXT NOT NULL,
            delivered_at TEXT,
            acknowledged_at TEXT,
            acknowledged_by TEXT,
            snoozed_at TEXT,
            snoozed_by TEXT,
            snoozed_until TEXT,
            reminded_at TEXT,
            resolved_at TEXT,
            resolved_reason TEXT
        )""",
        "CREATE INDEX alerts_resolved_at ON alerts (resolved_at)",
        """CREATE TABLE alert_messages (
            alert_key TEXT NOT NULL REFERENCES alerts (key) ON DELETE CASCADE,
            channel TEXT NOT NULL,
            ts TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('channel', 'manager_dm', 'nudge')),
            posted_at TEXT NOT NULL,
            PRIMARY KEY (channel, ts)
        )""",
        "CREATE INDEX alert_messages_alert_key ON alert_messages (alert_key)",
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            target TEXT NOT NULL,
            payload TEXT NOT NULL,
            alert_key TEXT REFERENCES alerts (key) ON DELETE SET NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            created_at TEXT NOT NULL,
            next_try TEXT NOT NULL,
            lease_until TEXT,
            finished_at TEXT,
            sent_ts TEXT,
            sent_channel TEXT
        )""",
        "CREATE INDEX outbox_state_next_try ON outbox (state, next_try)",
        "CREATE INDEX outbox_alert_key ON outbox (alert_key)",
    )


def _v2_people_and_log(db: Database) -> None:
    """The Slack user map, lookup caches, refusals, the poll log and outage flags."""
    _run(
        db,
        """CREATE TABLE people (
            slack_user TEXT PRIMARY KEY,
            employee TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL CHECK (source IN ('email', 'admin')),
            linked_at TEXT NOT NULL
        )""",
        "CREATE TABLE not_found (lookup TEXT PRIMARY KEY, seen_at TEXT NOT NULL)",
        "CREATE TABLE setup_faults (name TEXT PRIMARY KEY, reported_at TEXT NOT NULL)",
        """CREATE TABLE refusals (
            id INTEGER PRIMARY KEY,
            asker TEXT NOT NULL,
            target TEXT NOT NULL,
            what TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX refusals_at ON refusals (at)",
        """CREATE TABLE polls (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            duration_s REAL NOT NULL,
            records INTEGER NOT NULL,
            alerts_raised INTEGER NOT NULL,
            errors TEXT,
            api_calls INTEGER NOT NULL
        )""",
        "CREATE INDEX polls_started ON polls (started)",
        """CREATE TABLE outages (
            name TEXT PRIMARY KEY,
            active INTEGER NOT NULL,
            changed_at TEXT NOT NULL
        )""",
    )


def _v3_who_reminded(db: Database) -> None:
    """Who pressed Remind, so every edit of the alert can say so."""
    _run(db, "ALTER TABLE alerts ADD COLUMN reminded_by TEXT")


MIGRATIONS: tuple[Callable[[Database], None], ...] = (
    _v1_alerts_and_outbox,
    _v2_people_and_log,
    _v3_who_reminded,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(connection: StoreConnection) -> int:
    """How many migrations the file has had (0 for a new file)."""
    with connection.read() as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: StoreConnection, *, target: int = SCHEMA_VERSION) -> int:
    """Bring the file up to `target` (normally the latest) and return the version it is at.

    All the pending migrations run in one transaction: a failure leaves the file as it was.
    """
    if not 0 <= target <= SCHEMA_VERSION:
        raise ValueError(f"schema version {target} does not exist (latest is {SCHEMA_VERSION})")
    with connection.write() as db:
        current = int(db.execute("PRAGMA user_version").fetchone()[0])
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"state database {connection.name} is at schema version {current}, written by a "
                f"newer tcbot (this one knows up to {SCHEMA_VERSION}); upgrade tcbot or set "
                "TCBOT_DB to another file"
            )
        if current >= target:
            return current
        for version in range(current + 1, target + 1):
            MIGRATIONS[version - 1](db)
        # PRAGMA takes no parameters; `target` is an int checked above.
        db.execute(f"PRAGMA user_version = {target}")
    log.info("state database migrated file=%s from=%d to=%d", connection.name, current, target)
    return target
