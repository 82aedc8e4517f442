"""The Slack user ↔ employee map, the not-found cache, setup faults and refusals."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from tcbot.store import Link, Refusal, Store
from tests.store.samples import NOW

LATER = NOW + timedelta(hours=1)


def test_a_link_found_by_email_is_known_both_ways(store: Store) -> None:
    assert store.people.employee_for("U0DANA") is None
    assert store.people.link("U0DANA", "1265", source="email", now=NOW)
    link = Link("U0DANA", "1265", "email", NOW)
    assert store.people.employee_for("U0DANA") == link
    assert store.people.slack_user_for("1265") == link
    assert store.people.slack_user_for("1300") is None


def test_a_fresher_email_lookup_replaces_the_older_one(store: Store) -> None:
    store.people.link("U0OLD", "1265", source="email", now=NOW)
    assert store.people.link("U0NEW", "1265", source="email", now=LATER)
    assert store.people.slack_user_for("1265") == Link("U0NEW", "1265", "email", LATER)
    assert store.people.employee_for("U0OLD") is None


def test_an_admin_link_wins_over_email_lookups(store: Store) -> None:
    store.people.link("U0DANA", "1265", source="email", now=NOW)
    assert store.people.link("U0DANA", "1300", source="admin", now=NOW)
    assert store.people.slack_user_for("1265") is None

    assert not store.people.link("U0DANA", "1265", source="email", now=LATER)
    assert not store.people.link("U0SOMEONE", "1300", source="email", now=LATER)
    assert store.people.employee_for("U0DANA") == Link("U0DANA", "1300", "admin", NOW)

    assert store.people.link("U0DANA", "1265", source="admin", now=LATER)
    assert store.people.employee_for("U0DANA") == Link("U0DANA", "1265", "admin", LATER)
    assert store.people.unlink("U0DANA")
    assert store.people.employee_for("U0DANA") is None
    with pytest.raises(ValueError, match="link source 'guess'"):
        store.people.link("U0DANA", "1265", source="guess", now=NOW)


def test_not_found_lookups_are_remembered_for_their_ttl_without_the_email(
    store: Store, db_path: Path
) -> None:
    ttl = timedelta(hours=6)
    store.people.remember_not_found("Gone@Example.com", now=NOW)
    assert store.people.recently_not_found("gone@example.com", now=NOW + ttl / 2, ttl=ttl)
    assert not store.people.recently_not_found("gone@example.com", now=NOW + ttl, ttl=ttl)
    assert not store.people.recently_not_found("other@example.com", now=NOW, ttl=ttl)
    store.people.remember_not_found("gone@example.com", now=NOW + ttl)
    assert store.people.recently_not_found("gone@example.com", now=NOW + ttl, ttl=ttl)

    conn = sqlite3.connect(db_path)
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert "example.com" not in dump.lower()


def test_a_setup_fault_is_reported_once_across_processes(store: Store, db_path: Path) -> None:
    assert store.people.setup_fault_reported("missing_scope:users:read.email", now=NOW)
    assert not store.people.setup_fault_reported("missing_scope:users:read.email", now=LATER)
    with Store.open(db_path) as other:
        assert not other.people.setup_fault_reported("missing_scope:users:read.email", now=LATER)
        assert other.people.setup_fault_reported("not_in_channel:C0ALERTS", now=LATER)


def test_refusals_are_recorded(store: Store) -> None:
    store.people.record_refusal("U0NOSY", "@dana", "/hours last week", now=NOW)
    store.people.record_refusal("U0NOSY", "1300", "/hours today", now=LATER)
    assert store.people.refusals(since=LATER) == [Refusal("U0NOSY", "1300", "/hours today", LATER)]
    assert len(store.people.refusals(since=NOW)) == 2
