"""The poll log (one row per TimeClock poll, for `/tcbot status`) and outage flags, which
make sure an outage is announced once when it starts and once when it ends, whichever process
notices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tcbot.store.connection import StoreConnection, from_db, to_db


@dataclass(frozen=True, slots=True)
class PollRecord:
    """One poll: when it started, how long it took, what it saw and raised."""

    started: datetime
    duration_s: float
    records: int  # sessions and lunches read
    alerts_raised: int
    errors: str | None  # a short summary for the operator; None when all went well
    api_calls: int


class PollLog:
    """Poll history and outage flags. Reach it as `Store.polls`."""

    def __init__(self, connection: StoreConnection) -> None:
        self._connection = connection

    def record_poll(
        self,
        *,
        started: datetime,
        duration_s: float,
        records: int,
        alerts_raised: int,
        errors: str | None,
        api_calls: int,
    ) -> None:
        """Add one poll to the log."""
        with self._connection.write() as db:
            db.execute(
                "INSERT INTO polls (started, duration_s, records, alerts_raised, errors,"
                " api_calls) VALUES (?, ?, ?, ?, ?, ?)",
                [to_db(started), duration_s, records, alerts_raised, errors, api_calls],
            )

    def last_poll(self) -> PollRecord | None:
        """The poll that started last, or None before the first one."""
        with self._connection.read() as db:
            rows = list(db.query("SELECT * FROM polls ORDER BY started DESC, id DESC LIMIT 1"))
        if not rows:
            return None
        row = rows[0]
        return PollRecord(
            started=from_db(row["started"]),
            duration_s=row["duration_s"],
            records=row["records"],
            alerts_raised=row["alerts_raised"],
            errors=row["errors"],
            api_calls=row["api_calls"],
        )

    def set_outage(self, name: str, *, active: bool, now: datetime) -> bool:
        """Say whether outage `name` (e.g. "timeclock", "slack") is going on. True only when
        this call changes the state, so exactly one caller, in any process, announces its
        start and one its end. A name never seen before counts as not active."""
        with self._connection.write() as db:
            # The write transaction holds the file's write lock, so this read stays true.
            rows = list(db.query("SELECT active FROM outages WHERE name = ?", [name]))
            if bool(rows and rows[0]["active"]) == active:
                return False
            db.execute(
                "INSERT OR REPLACE INTO outages (name, active, changed_at) VALUES (?, ?, ?)",
                [name, int(active), to_db(now)],
            )
        return True

    def active_outages(self) -> dict[str, datetime]:
        """Outages going on now, by name, with the time each began."""
        with self._connection.read() as db:
            rows = list(db.query("SELECT name, changed_at FROM outages WHERE active = 1"))
        return {row["name"]: from_db(row["changed_at"]) for row in rows}
