"""The sandbox company's punch records, and what an ordinary working day looks like.

Times are naive local wall-clock datetimes in the shift's own zone, as
TimeClock 365 reports them. Records are frozen; the company replaces one to
change it, so a reader always sees a whole record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tcbot.sandbox.roster import JERUSALEM

SOURCES = ("web", "phone", "web", "web", "phone", "tablet")
# Ordinary days stay inside every default limit with room to spare: the first punch
# is before 09:10, lunch is under 45 minutes, a day is under 10 h and five of them
# come to under 42 h, so only planted cases raise alerts.
START_SPREAD = 70 * 60
GROSS = (8 * 3600 + 15 * 60, 8 * 3600 + 40 * 60)
LUNCH_SPREAD = 90 * 60
LUNCH_LENGTH = (20 * 60, 45 * 60)


@dataclass(frozen=True, slots=True)
class Lunch:
    start: datetime
    end: datetime | None
    start_source: str = "web"
    end_source: str = "web"


@dataclass(frozen=True, slots=True)
class Absence:
    """Why a day was away; only `extended-sessions` tells it apart from a session."""

    name: str
    note: str | None = None
    approved_at: datetime | None = None
    approved_by: str | None = None
    code_days: str | None = None
    code_hours: str | None = None


@dataclass(frozen=True, slots=True)
class Shift:
    """One punch-in to punch-out (or an absence day) of one employee."""

    start: datetime
    end: datetime | None
    zone: str
    location: str = "office"
    start_source: str = "web"
    end_source: str = "web"
    lunches: tuple[Lunch, ...] = ()
    absence: Absence | None = None


@dataclass(frozen=True, slots=True)
class Planted:
    """A case put in the data on purpose, for the rules to catch."""

    kind: str
    employee_number: int
    day: date
    note: str


def workdays_of(zone: str) -> frozenset[int]:
    """Weekday indexes (Monday 0) this zone's staff work: Sunday-Thursday in Israel."""
    if zone == JERUSALEM:
        return frozenset({6, 0, 1, 2, 3})
    return frozenset({0, 1, 2, 3, 4})


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second))


def normal_day(rng: random.Random, day: date, zone: str) -> Shift:
    # `random()` scaled by hand: randrange and choice cost most of a 10,000-person build.
    draw = rng.random
    start = at(day, 8) + timedelta(seconds=int(draw() * START_SPREAD))
    end = start + timedelta(seconds=GROSS[0] + int(draw() * (GROSS[1] - GROSS[0])))
    lunch_start = at(day, 12) + timedelta(seconds=int(draw() * LUNCH_SPREAD))
    length = LUNCH_LENGTH[0] + int(draw() * (LUNCH_LENGTH[1] - LUNCH_LENGTH[0]))
    sources = [SOURCES[int(draw() * len(SOURCES))] for _ in range(4)]
    lunch = Lunch(lunch_start, lunch_start + timedelta(seconds=length), sources[0], sources[1])
    return Shift(
        start=start,
        end=end,
        zone=zone,
        location="home" if draw() < 0.15 else "office",
        start_source=sources[2],
        end_source=sources[3],
        lunches=(lunch,),
    )


def plain_day(
    day: date,
    zone: str,
    start: tuple[int, int, int],
    end: tuple[int, int, int] | None,
    lunch: tuple[tuple[int, int, int], tuple[int, int, int] | None] | None = None,
) -> Shift:
    """A shift at set local times on `day` (an end earlier than the start is the next day)."""
    begin = at(day, *start)
    finish = None if end is None else at(day, *end)
    if finish is not None and finish <= begin:
        finish += timedelta(days=1)
    lunches: tuple[Lunch, ...] = ()
    if lunch is not None:
        lunch_end = None if lunch[1] is None else at(day, *lunch[1])
        lunches = (Lunch(at(day, *lunch[0]), lunch_end),)
    return Shift(start=begin, end=finish, zone=zone, lunches=lunches)
