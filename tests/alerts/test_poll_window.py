"""The poller reads enough around its window to judge it: a whole week for overtime_week, the
night before for a shift that covers the first morning; and it resolves a no-show on arrival.

A fake TimeClock client answers from hand-built sessions, honouring the requested dates, so
what the poller asks for is what it gets.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tcbot.alerts.plan import Planner
from tcbot.alerts.poll import Poller
from tcbot.policy.model import Policy
from tcbot.store import Store
from tcbot.timeclock.records import Attendance, Employee, EmployeeRecords, Session

BERLIN = "Europe/Berlin"
ZONE = ZoneInfo(BERLIN)
DANA = Employee("9", "dana@example.com")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 10, day, hour, minute, tzinfo=ZONE)


class FakeTimeClock:
    """Answers `fetch` with the sessions that start within the requested local dates."""

    def __init__(self) -> None:
        self.sessions: list[Session] = []
        self.call_count = 0
        self.asked: list[tuple[date, date]] = []

    def work(self, start: datetime, end: datetime | None) -> None:
        self.sessions.append(Session(DANA.number, start, end, BERLIN))

    def fetch(self, methods: object, start: date, end: date) -> Attendance:
        self.call_count += 1
        self.asked.append((start, end))
        inside = tuple(s for s in self.sessions if start <= s.start.date() <= end)
        return Attendance().add([EmployeeRecords(DANA, inside)])


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "tcbot.db") as opened:
        yield opened


def poller_for(client: FakeTimeClock, store: Store) -> Poller:
    policy = Policy(timezone=BERLIN)
    return Poller(client=client, store=store, policy=policy, planner=Planner(store, policy))


def open_keys(store: Store, now: datetime) -> list[str]:
    return sorted(alert.key for alert in store.alerts.open_alerts(now=now))


def test_a_long_week_is_raised_by_the_live_poll_and_stays_open(store: Store) -> None:
    client = FakeTimeClock()
    for day in range(6, 11):  # Mon 6 .. Fri 10 Oct, 9h30 each: 47h30 against 45h
        client.work(at(day, 8), at(day, 17, 30))
    poller = poller_for(client, store)

    poller.poll(at(10, 18))

    assert client.asked[0][0] <= date(2025, 10, 6)  # the week's Monday was read
    assert "overtime_week:9:week:2025-10-06" in open_keys(store, at(10, 18))


def test_a_night_shift_covering_the_first_morning_is_no_no_show(store: Store) -> None:
    client = FakeTimeClock()
    client.work(at(12, 22), at(13, 10))  # Sun 22:00 to Mon 10:00 covers Monday's 09:00 start
    client.work(at(14, 8, 55), at(14, 17))
    poller = poller_for(client, store)

    for now in (at(13, 12), at(14, 12), at(15, 11)):
        poller.poll(now)

    assert not [key for key in open_keys(store, at(15, 11)) if key.startswith("no_show")]


def test_a_no_show_is_resolved_when_the_employee_punches_in(store: Store) -> None:
    client = FakeTimeClock()
    poller = poller_for(client, store)
    poller.poll(at(14, 11, 30))
    assert "no_show:9:2025-10-14" in open_keys(store, at(14, 11, 30))

    client.work(at(14, 11, 45), None)
    result = poller.poll(at(14, 12))

    assert result.resolved == 1
    stored = store.alerts.get("no_show:9:2025-10-14")
    assert stored is not None and stored.resolved_reason == "punched in"
    assert stored.resolved_at == at(14, 11, 45)
    assert "no_show:9:2025-10-14" not in open_keys(store, at(14, 12))
    assert "no_show:9:2025-10-13" in open_keys(store, at(14, 12))  # Monday stays a no-show


def test_the_window_is_read_from_the_night_before_the_week(store: Store) -> None:
    client = FakeTimeClock()
    poller_for(client, store).poll(at(8, 12))  # a Wednesday

    start, end = client.asked[0]
    assert start == date(2025, 10, 5)  # Sunday: the night before Monday 6 Oct
    assert end >= date(2025, 10, 8)
    assert end - start <= timedelta(days=10)
