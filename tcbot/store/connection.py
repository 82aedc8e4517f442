"""The one SQLite connection a `Store` holds, how every read and write goes through it, and
how times are written to the file.

Threads: one connection per process, shared by every thread behind a re-entrant lock. The
bot's write rate is tiny (a poll every few minutes, a few button clicks), SQLite lets only one
writer at a time anyway, and a single locked connection keeps three things simple that a
connection per thread (`threading.local`) makes hard: `close()` really closes everything (a
per-thread connection can only be closed from its own thread, and threads of bolt's or
APScheduler's pools come and go), a statement's `changes()` can never be another thread's, and
no transaction is ever half-visible to a sibling thread. The connection is made with
`check_same_thread=False` because it is created in one thread and used in others; the lock is
what makes that safe.

Processes: two `tcbot` processes on one file are kept apart by SQLite's own file locks. Every
write transaction starts with `BEGIN IMMEDIATE`, taking the write lock before reading, so a
read-then-write never fails half-way with SQLITE_BUSY; a writer that finds the file locked
waits up to the busy timeout (5 s by default) before giving up with a `StoreError`. The file
is in WAL mode, so readers never wait for the writer.

Times are stored as ISO 8601 strings in UTC with a fixed width (microseconds, `+00:00`), so
comparing the strings in SQL compares the instants.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from tcbot.errors import TcbotError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0


class StoreError(TcbotError):
    """The state database cannot be opened or used; says which file and what to do."""


def to_db(moment: datetime) -> str:
    """An aware datetime as the fixed-width UTC string the database holds."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: the store needs an aware one")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    """A time read back from the database, aware and in UTC."""
    return datetime.fromisoformat(text).astimezone(UTC)


def from_db_or_none(text: str | None) -> datetime | None:
    return None if text is None else from_db(text)


class StoreConnection:
    """One SQLite connection shared by the threads of a process, one transaction at a time.

    Use `write()` for anything that changes the file and `read()` for queries; both yield a
    `sqlite_utils.Database` and hold the lock for the whole block.
    """

    def __init__(self, conn: sqlite3.Connection, name: str) -> None:
        self.name = name
        self._conn = conn
        self._db = Database(conn)
        self._lock = threading.RLock()
        self._closed = False
        self._depth = 0  # how many write() blocks this connection is inside (lock holder's)

    @classmethod
    def open(cls, path: Path | str, *, busy_timeout: float = BUSY_TIMEOUT_S) -> StoreConnection:
        """Open (creating if needed) the file with WAL, a busy timeout and foreign keys on."""
        name = str(path)
        try:
            conn = sqlite3.connect(
                name, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise _open_error(name, error) from error
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            connection = cls(conn, name)
            if name != ":memory:":
                _enable_wal(conn, busy_timeout)
        except sqlite3.Error as error:
            conn.close()
            raise _open_error(name, error) from error
        return connection

    @contextmanager
    def write(self) -> Iterator[Database]:
        """A write transaction (`BEGIN IMMEDIATE`): committed at the end, rolled back on error.

        A `write()` inside another one (same thread: the lock is re-entrant) joins the outer
        transaction: nothing is committed until the outermost block ends, and an error that
        leaves any block rolls all of it back. That is how several stores' writes become one
        step a crash cannot split (see `Store.transaction`)."""
        with self._lock:
            self._check_open()
            if self._depth:
                self._depth += 1
                try:
                    yield self._db
                finally:
                    self._depth -= 1
                return
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise self._use_error(error) from error
            self._depth = 1
            try:
                yield self._db
                self._conn.execute("COMMIT")
            except BaseException as error:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise self._use_error(error) from error
                raise
            finally:
                self._depth = 0

    @contextmanager
    def read(self) -> Iterator[Database]:
        """Queries only; each statement sees the latest committed state."""
        with self._lock:
            self._check_open()
            try:
                yield self._db
            except sqlite3.Error as error:
                raise self._use_error(error) from error

    def close(self) -> None:
        """Close the connection; later use raises `StoreError`. Closing twice is harmless."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"state database {self.name}: already closed")

    def _use_error(self, error: sqlite3.Error) -> StoreError:
        if "locked" in str(error) or "busy" in str(error):
            log.warning("state database busy file=%s error=%s", self.name, error)
            return StoreError(
                f"state database {self.name} stayed locked by another process for too long; "
                "check that no other program holds it open, then try again"
            )
        return StoreError(f"state database {self.name}: {error}")


def _open_error(name: str, error: sqlite3.Error) -> StoreError:
    return StoreError(
        f"cannot open the state database {name} ({error}); "
        "set TCBOT_DB to a writable SQLite file path"
    )


def _enable_wal(conn: sqlite3.Connection, busy_timeout: float) -> None:
    """Switch a new file to WAL. Changing the journal mode needs a lock SQLite does not wait
    for, so two processes opening a fresh file at once may see "database is locked": retry
    briefly, within the busy timeout."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = wal")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
