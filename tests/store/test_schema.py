"""Opening the file: pragmas, versioned migrations, and clear errors for files tcbot can't use."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tcbot.store import SCHEMA_VERSION, Store, StoreError
from tcbot.store.alerts import AlertStore
from tcbot.store.connection import StoreConnection
from tcbot.store.schema import migrate
from tests.store.samples import NOW, late_start


def pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def test_a_new_file_gets_the_latest_schema_in_wal_mode(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
    assert pragma(db_path, "journal_mode") == "wal"
    assert pragma(db_path, "user_version") == SCHEMA_VERSION
    conn = sqlite3.connect(db_path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert tables >= {"alerts", "alert_messages", "outbox", "people", "refusals", "polls"}


def test_a_writer_waits_for_the_busy_timeout_then_says_what_to_do(db_path: Path) -> None:
    with Store.open(db_path, busy_timeout=0.2) as store:
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        try:
            with pytest.raises(StoreError, match="stayed locked by another process"):
                store.alerts.claim(late_start(1), now=NOW)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert time.monotonic() - started >= 0.2
        assert store.alerts.claim(late_start(1), now=NOW)


def test_an_older_file_is_upgraded_and_keeps_its_rows(db_path: Path) -> None:
    old = StoreConnection.open(db_path)
    assert migrate(old, target=1) == 1
    assert AlertStore(old).claim(late_start(1), now=NOW)
    old.close()
    assert pragma(db_path, "user_version") == 1

    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert not store.alerts.claim(late_start(1), now=NOW)
        assert store.people.link("U0DANA", "1001", source="email", now=NOW)


def test_reopening_an_up_to_date_file_changes_nothing(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.alerts.claim(late_start(1), now=NOW)
    schema_cookie = pragma(db_path, "schema_version")
    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert len(store.alerts.open_alerts(now=NOW)) == 1
    assert pragma(db_path, "schema_version") == schema_cookie


def test_a_file_from_a_newer_tcbot_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer tcbot .*upgrade tcbot or set TCBOT_DB"):
        Store.open(db_path)


def test_a_path_that_cannot_be_opened_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no-such-dir.*set TCBOT_DB"):
        Store.open(tmp_path / "no-such-dir" / "tcbot.db")
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("these are not the rows you are looking for\n" * 100)
    with pytest.raises(StoreError, match="notes.txt.*set TCBOT_DB"):
        Store.open(not_sqlite)


def test_connections_opening_a_new_file_together_migrate_it_once(db_path: Path) -> None:
    barrier = threading.Barrier(4)
    versions: list[int] = []

    def open_and_check() -> None:
        barrier.wait(timeout=10)
        with Store.open(db_path) as store:
            versions.append(store.schema_version)

    threads = [threading.Thread(target=open_and_check) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert versions == [SCHEMA_VERSION] * 4
