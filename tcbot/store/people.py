"""Who is who: the Slack user ↔ employee map, a cache of failed Slack lookups, once-only
setup-fault reports, and the record of refused requests.

The map holds Slack user ids and employee numbers only, never emails. An email is what the
Slack side uses to find someone (users.lookupByEmail), but once the link is made the employee
number is enough, and TimeClock hands out the email again on every poll. The not-found cache
is keyed by a SHA-256 of the lookup (lower-cased), so an email that Slack did not know is not
kept in clear either.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tcbot.store.connection import StoreConnection, from_db, to_db

LINK_SOURCES = ("email", "admin")


@dataclass(frozen=True, slots=True)
class Link:
    """A Slack user known to be an employee, how we know, and since when."""

    slack_user: str
    employee: str  # employee number
    source: str  # "email": found by email lookup; "admin": set by an admin, which wins
    linked_at: datetime


@dataclass(frozen=True, slots=True)
class Refusal:
    """A request that was refused: who asked, about whom, for what."""

    asker: str  # Slack user id
    target: str  # whom they asked about, as they named them
    what: str  # e.g. "/hours last week"
    at: datetime


class People:
    """The people map and its companions. Reach it as `Store.people`."""

    def __init__(self, connection: StoreConnection) -> None:
        self._connection = connection

    def link(self, slack_user: str, employee: str, *, source: str, now: datetime) -> bool:
        """Map `slack_user` to `employee`, replacing any other link of either. An admin link
        wins: an email link never replaces one (returns False then). True if written."""
        if source not in LINK_SOURCES:
            raise ValueError(f"link source {source!r} is not one of {', '.join(LINK_SOURCES)}")
        with self._connection.write() as db:
            existing = list(
                db.query(
                    "SELECT * FROM people WHERE slack_user = ? OR employee = ?",
                    [slack_user, employee],
                )
            )
            if source == "email" and any(row["source"] == "admin" for row in existing):
                return False
            db.execute(
                "DELETE FROM people WHERE slack_user = ? OR employee = ?", [slack_user, employee]
            )
            db.execute(
                "INSERT INTO people (slack_user, employee, source, linked_at) VALUES (?, ?, ?, ?)",
                [slack_user, employee, source, to_db(now)],
            )
        return True

    def unlink(self, slack_user: str) -> bool:
        """Forget `slack_user`'s link (e.g. an admin corrects a mistake). False if none."""
        with self._connection.write() as db:
            return db.execute("DELETE FROM people WHERE slack_user = ?", [slack_user]).rowcount == 1

    def employee_for(self, slack_user: str) -> Link | None:
        """The link of a Slack user, or None if they are not known yet."""
        return self._one("slack_user = ?", slack_user)

    def slack_user_for(self, employee: str) -> Link | None:
        """The link of an employee number, or None if their Slack user is not known yet."""
        return self._one("employee = ?", employee)

    def remember_not_found(self, lookup: str, *, now: datetime) -> None:
        """Slack said `lookup` (a user id or an email) does not exist (users_not_found)."""
        with self._connection.write() as db:
            db.execute(
                "INSERT OR REPLACE INTO not_found (lookup, seen_at) VALUES (?, ?)",
                [_lookup_key(lookup), to_db(now)],
            )

    def recently_not_found(self, lookup: str, *, now: datetime, ttl: timedelta) -> bool:
        """True if Slack said `lookup` was not found less than `ttl` before `now`."""
        with self._connection.read() as db:
            rows = list(
                db.query("SELECT seen_at FROM not_found WHERE lookup = ?", [_lookup_key(lookup)])
            )
        return bool(rows) and from_db(rows[0]["seen_at"]) > now - ttl

    def setup_fault_reported(self, name: str, *, now: datetime) -> bool:
        """Mark the setup fault `name` (e.g. "missing_scope:users:read.email") as reported.
        True only the first time ever, across processes: report it to the admins then.
        False when it has been reported before: stay quiet."""
        with self._connection.write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO setup_faults (name, reported_at) VALUES (?, ?)",
                [name, to_db(now)],
            )
            return cursor.rowcount == 1

    def record_refusal(self, asker: str, target: str, what: str, *, now: datetime) -> None:
        """Record that `asker` was refused `what` about `target` (PRODUCT.md: who may see what)."""
        with self._connection.write() as db:
            db.execute(
                "INSERT INTO refusals (asker, target, what, at) VALUES (?, ?, ?, ?)",
                [asker, target, what, to_db(now)],
            )

    def refusals(self, *, since: datetime) -> list[Refusal]:
        """Refusals recorded at or after `since`, oldest first."""
        with self._connection.read() as db:
            rows = list(
                db.query("SELECT * FROM refusals WHERE at >= ? ORDER BY at, id", [to_db(since)])
            )
        return [
            Refusal(row["asker"], row["target"], row["what"], from_db(row["at"])) for row in rows
        ]

    def _one(self, where: str, value: str) -> Link | None:
        with self._connection.read() as db:
            rows: list[dict[str, Any]] = list(
                db.query(f"SELECT * FROM people WHERE {where}", [value])
            )
        if not rows:
            return None
        row = rows[0]
        return Link(row["slack_user"], row["employee"], row["source"], from_db(row["linked_at"]))


def _lookup_key(lookup: str) -> str:
    return hashlib.sha256(lookup.strip().lower().encode()).hexdigest()
