"""The cases planted in the sandbox company for the rules to catch.

Each case replaces some days of one employee (an employee gets at most one
case, so cases never mix), and is listed as a `Planted` record. A case that
does not fit the date range (too few days, no clock change) is left out, and
so is the open lunch when `now` is in the first half hour of the company's day.
Planted employees are drawn, seeded, from the generated staff in Israel; the
clock-change case prefers a zone whose change falls on a weekend.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tcbot.sandbox.punches import Absence, Lunch, Planted, Shift, at, plain_day, workdays_of
from tcbot.sandbox.roster import FIXED, JERUSALEM, Person

Overrides = dict[tuple[int, date], list[Shift]]
# Zones to try for the clock-change case, best first (their change falls on a Sunday).
DST_ZONES = ("Europe/London", "America/New_York", JERUSALEM)
APPROVERS = {row[5]: f"{row[1]} {row[2]}" for row in FIXED[1:5]}


@dataclass(slots=True)
class Planter:
    days: list[date]
    now: datetime
    pool: list[Person]
    others: list[Person]
    overrides: Overrides = field(default_factory=dict)
    planted: list[Planted] = field(default_factory=list)

    @property
    def today(self) -> date:
        return self.days[-1]

    @property
    def past_workdays(self) -> list[date]:
        workdays = workdays_of(JERUSALEM)
        return [d for d in self.days if d < self.today and d.weekday() in workdays]

    def recent_workday(self, back: int) -> date | None:
        """The `back`-th latest workday before today, if the range holds it."""
        past = self.past_workdays
        return past[-back] if len(past) >= back else None

    def put(self, kind: str, person: Person, day: date, shifts: list[Shift], note: str) -> None:
        self.overrides[(person.number, day)] = shifts
        self.planted.append(Planted(kind, person.number, day, note))


def plant(people: list[Person], days: list[date], now: datetime, seed: int) -> Planter:
    fixed = len(FIXED)
    generated = people[fixed:]
    rng = random.Random(f"{seed}:plant")
    pool = [p for p in generated if p.timezone == JERUSALEM]
    rng.shuffle(pool)
    planter = Planter(days=days, now=now, pool=pool, others=generated)
    # About 1.5% of a large company gets a case; every company gets one of each.
    per_kind = max(1, len(people) * 15 // 10_000)
    for index in range(per_kind):
        for case in CASES:
            if not planter.pool:
                return planter
            case(planter, planter.pool.pop(), index)
    _clock_change(planter)
    return planter


def _forgotten_long_ago(p: Planter, person: Person, index: int) -> None:
    day = p.recent_workday(3 + index % 3)
    if day is not None:
        shift = plain_day(day, JERUSALEM, (8, 40, 0), None, ((12, 30, 0), (13, 0, 0)))
        p.put("missing_punch_out", person, day, [shift], f"punched in {day} 08:40, never out")


def _forgotten_yesterday(p: Planter, person: Person, index: int) -> None:
    day = p.today - timedelta(days=1)
    if day >= p.days[0]:
        shift = plain_day(day, JERUSALEM, (8, 50, 0), None, ((12, 40, 0), (13, 5, 0)))
        p.put("missing_punch_out", person, day, [shift], f"punched in {day} 08:50, never out")


def _long_lunch(p: Planter, person: Person, index: int) -> None:
    day = p.recent_workday(2 + index % 3)
    if day is not None:
        shift = plain_day(day, JERUSALEM, (8, 20, 0), (17, 55, 0), ((12, 5, 0), (13, 55, 0)))
        p.put("long_lunch", person, day, [shift], "lunch 12:05-13:55 (1h50)")


def _open_lunch(p: Planter, person: Person, index: int) -> None:
    local_now = p.now.astimezone(ZoneInfo(JERUSALEM)).replace(tzinfo=None, microsecond=0)
    midnight = at(p.today, 0)
    if local_now.date() != p.today or local_now - midnight < timedelta(minutes=30):
        return
    start = max(midnight + timedelta(minutes=5), local_now - timedelta(hours=4))
    lunch_start = max(start + timedelta(minutes=10), local_now - timedelta(minutes=55))
    shift = Shift(start=start, end=None, zone=JERUSALEM, lunches=(Lunch(lunch_start, None),))
    note = f"on lunch since {lunch_start:%H:%M}, still open"
    p.put("open_lunch", person, p.today, [shift], note)


def _late_start(p: Planter, person: Person, index: int) -> None:
    day = p.recent_workday(1 + index % 2)
    if day is not None:
        shift = plain_day(day, JERUSALEM, (10, 25, 13), (18, 40, 0), ((13, 0, 0), (13, 30, 0)))
        p.put("late_start", person, day, [shift], "first punch 10:25")


def _no_show(p: Planter, person: Person, index: int) -> None:
    day = p.recent_workday(1 + index % 2)
    if day is not None:
        p.put("no_show", person, day, [], "a workday with no punch and no absence")


def _absence(p: Planter, person: Person, index: int) -> None:
    day = p.recent_workday(4 + index % 3)
    if day is not None:
        shift = absence_day(day, JERUSALEM, person, "Sick leave", "Flu")
        p.put("absence", person, day, [shift], "sick leave, approved")


def _overtime_day(p: Planter, person: Person, index: int) -> None:
    day = p.recent_workday(2 + index % 3)
    if day is not None:
        shift = plain_day(day, JERUSALEM, (7, 45, 20), (19, 50, 40), ((13, 0, 0), (13, 35, 0)))
        p.put("overtime_day", person, day, [shift], "07:45-19:50 with 35 min lunch: 11h30 worked")


def _overtime_week(p: Planter, person: Person, index: int) -> None:
    # The latest whole Sunday-to-Saturday week that ended before today.
    sundays = [d for d in p.days if d.weekday() == 6 and d + timedelta(days=6) < p.today]
    if not sundays:
        return
    sunday = sundays[-1 - index % len(sundays)]
    for offset in range(5):
        day = sunday + timedelta(days=offset)
        start = at(day, 7, 55 + offset, offset * 7)
        shift = Shift(
            start=start,
            end=start + timedelta(hours=9, minutes=55),
            zone=JERUSALEM,
            lunches=(Lunch(at(day, 12, 30), at(day, 12, 55)),),
        )
        p.overrides[(person.number, day)] = [shift]
    note = f"five days of 9h30 worked in the week from {sunday}: 47h30"
    p.planted.append(Planted("overtime_week", person.number, sunday, note))


def _duplicate_punch(p: Planter, person: Person, index: int) -> None:
    day = p.recent_workday(5 + index % 3)
    if day is None:
        return
    first = plain_day(day, JERUSALEM, (8, 32, 10), (17, 5, 5), ((12, 40, 0), (13, 10, 0)))
    copy = Shift(first.start, first.end, JERUSALEM, start_source="phone", end_source="phone")
    overlap = Shift(at(day, 8, 33, 2), at(day, 12, 10), JERUSALEM, "office", "phone", "phone")
    note = "the same punch twice, and an overlapping 08:33-12:10"
    p.put("duplicate_punch", person, day, [first, copy, overlap], note)


def _overnight(p: Planter, person: Person, index: int) -> None:
    # A Friday night shift, with the Thursday before as a day off in lieu.
    fridays = [
        d for d in p.days if d.weekday() == 4 and d + timedelta(days=1) < p.today and d > p.days[0]
    ]
    if not fridays:
        return
    friday = fridays[-1 - index % len(fridays)]
    shift = plain_day(friday, JERUSALEM, (22, 0, 0), (6, 30, 0))
    p.put("overnight", person, friday, [shift], "Friday 22:00 to Saturday 06:30")
    thursday = friday - timedelta(days=1)
    comp = absence_day(thursday, JERUSALEM, person, "Day off in lieu", None)
    p.put("absence", person, thursday, [comp], "day off in lieu of the Friday night shift")


def _clock_change(p: Planter) -> None:
    """A night shift across a daylight-saving change, when the range holds one."""
    for zone in DST_ZONES:
        change = _change_night(zone, p.days, p.today)
        if change is None:
            continue
        pool = p.pool if zone == JERUSALEM else [x for x in p.others if x.timezone == zone]
        used = {case.employee_number for case in p.planted}
        person = next((x for x in pool if x.number not in used), None)
        if person is None:
            continue
        _plant_change(p, person, zone, change)
        return


def _plant_change(p: Planter, person: Person, zone: str, change: date) -> None:
    evening = change - timedelta(days=1)
    night = plain_day(evening, zone, (22, 0, 0), (6, 0, 0))
    assert night.end is not None
    tz = ZoneInfo(zone)
    # Aware datetimes in one zone subtract as wall clocks; through UTC they give real time.
    real = night.end.replace(tzinfo=tz).astimezone(UTC) - night.start.replace(tzinfo=tz)
    hours = real.total_seconds() / 3600
    workdays = workdays_of(zone)
    shifts = [night]
    comp: date | None = None
    if change.weekday() in workdays:
        comp = change
    elif evening.weekday() in workdays:
        comp = evening  # the night shift is that day's work
    else:
        later = [d for d in p.days if d > change and d < p.today and d.weekday() in workdays]
        comp = later[0] if later else None
    if comp == evening:
        shifts.insert(0, absence_day(evening, zone, person, "Day off in lieu", None))
    note = f"22:00 to 06:00 across the clock change of {change}: {hours:g} h"
    p.put("overnight", person, evening, shifts, note)
    if comp is not None and comp != evening:
        off = absence_day(comp, zone, person, "Day off in lieu", None)
        p.put("absence", person, comp, [off], "day off in lieu of the night shift")


def _change_night(zone: str, days: list[date], today: date) -> date | None:
    """The latest day before today whose night before saw a clock change in `zone`."""
    tz = ZoneInfo(zone)
    for day in reversed(days[1:]):
        if day >= today:
            continue
        before = at(day - timedelta(days=1), 12).replace(tzinfo=tz).utcoffset()
        after = at(day, 12).replace(tzinfo=tz).utcoffset()
        if before != after:
            return day
    return None


def absence_day(day: date, zone: str, person: Person, name: str, note: str | None) -> Shift:
    reason = Absence(
        name=name,
        note=note,
        approved_at=at(day - timedelta(days=1), 10, 12, 0),
        approved_by=APPROVERS.get(person.team, "Ruth Ben-David"),
        code_days="1",
        code_hours=None,
    )
    return Shift(start=at(day, 9), end=at(day, 18), zone=zone, location="office", absence=reason)


CASES: tuple[Callable[[Planter, Person, int], None], ...] = (
    _forgotten_long_ago,
    _forgotten_yesterday,
    _long_lunch,
    _open_lunch,
    _late_start,
    _no_show,
    _absence,
    _overtime_day,
    _overtime_week,
    _duplicate_punch,
    _overnight,
)
