"""The poll log and outage flags."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tcbot.store import PollRecord, Store
from tests.store.samples import NOW

MINUTE = timedelta(minutes=1)


def test_the_last_poll_is_the_latest_started(store: Store) -> None:
    assert store.polls.last_poll() is None
    store.polls.record_poll(
        started=NOW, duration_s=1.5, records=40, alerts_raised=2, errors=None, api_calls=4
    )
    store.polls.record_poll(
        started=NOW + 5 * MINUTE,
        duration_s=30.0,
        records=0,
        alerts_raised=0,
        errors="TimeClock 365 `sessions`: timed out after 3 tries",
        api_calls=3,
    )
    assert store.polls.last_poll() == PollRecord(
        started=NOW + 5 * MINUTE,
        duration_s=30.0,
        records=0,
        alerts_raised=0,
        errors="TimeClock 365 `sessions`: timed out after 3 tries",
        api_calls=3,
    )


def test_an_outage_is_told_once_when_it_starts_and_once_when_it_ends(
    store: Store, db_path: Path
) -> None:
    with Store.open(db_path) as other:
        assert not store.polls.set_outage("timeclock", active=False, now=NOW)
        assert store.polls.set_outage("timeclock", active=True, now=NOW)
        assert not other.polls.set_outage("timeclock", active=True, now=NOW + MINUTE)
        assert store.polls.active_outages() == {"timeclock": NOW}

        assert other.polls.set_outage("timeclock", active=False, now=NOW + 10 * MINUTE)
        assert not store.polls.set_outage("timeclock", active=False, now=NOW + 11 * MINUTE)
        assert store.polls.active_outages() == {}
        assert store.polls.set_outage("timeclock", active=True, now=NOW + 20 * MINUTE)
        assert other.polls.active_outages() == {"timeclock": NOW + 20 * MINUTE}
