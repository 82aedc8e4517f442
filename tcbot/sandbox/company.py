"""A synthetic company for the sandbox TimeClock 365: its people, punches and planted cases.

`build_company(now=...)` holds `days` days of records ending on `today` (the
company's local date of `now`). All of today's plan is generated, and `now`
cuts it when rendered: a record that starts after `now` is not shown, and one
that ends after `now` shows as still open. `set_now` moves the clock forward
for scenario tests; `punch_out` and `end_lunch` change the records. All three
are safe while the server is reading.
"""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tcbot.errors import TcbotError
from tcbot.sandbox.planted import plant
from tcbot.sandbox.punches import Lunch, Planted, Shift, normal_day, workdays_of
from tcbot.sandbox.roster import (
    ADMIN_SLACK_ID,
    ALERTS_CHANNEL,
    GROUPS,
    JERUSALEM,
    MANAGERS,
    TEAM_CHANNELS,
    Person,
    build_people,
)

COMPANY_ZONE = JERUSALEM


class SandboxError(TcbotError):
    """A sandbox company was asked for something it does not hold."""


class Company:
    def __init__(
        self,
        people: list[Person],
        shifts: dict[int, list[Shift]],
        planted: list[Planted],
        *,
        days: list[date],
        now: datetime,
    ) -> None:
        self.people = people
        self.planted = planted
        self.first_day = days[0]
        self.today = days[-1]
        self.lock = threading.Lock()
        self._by_number = {person.number: person for person in people}
        self._shifts = shifts
        self._now = now

    @property
    def now(self) -> datetime:
        return self._now

    def set_now(self, now: datetime) -> None:
        """Move the company's clock; days after `today` stay empty."""
        _require_aware(now)
        with self.lock:
            self._now = now

    def person(self, number: int) -> Person:
        found = self._by_number.get(number)
        if found is None:
            raise SandboxError(f"the sandbox company has no employee {number}")
        return found

    def shifts_of(self, number: int) -> tuple[Shift, ...]:
        """The employee's whole plan, including what lies after `now`."""
        with self.lock:
            return tuple(self._shifts.get(number, ()))

    # -- changes for scenario tests ---------------------------------------------------

    def punch_out(self, employee_number: int, at: datetime, *, day: date | None = None) -> Shift:
        """Close the session open at `now` (and any lunch in it) at `at`; returns it closed.

        With several open, the latest is closed, or the one that began on `day` (local date).
        """
        person = self.person(employee_number)
        with self.lock:
            index, shift = self._open_shift(person, day)
            end = _local(at, shift.zone)
            if end < shift.start:
                raise SandboxError(f"{at} is before employee {employee_number}'s punch-in")
            lunches = tuple(
                replace(lunch, end=end) if lunch.end is None or lunch.end > end else lunch
                for lunch in shift.lunches
                if lunch.start < end
            )
            closed = replace(shift, end=end, end_source="web", lunches=lunches)
            self._shifts[employee_number][index] = closed
            return closed

    def end_lunch(self, employee_number: int, at: datetime) -> Lunch:
        """End the lunch open at `now` at `at`; returns the closed lunch."""
        person = self.person(employee_number)
        with self.lock:
            local_now = _local(self._now, person.timezone)
            shifts = self._shifts.get(employee_number, [])
            for index in range(len(shifts) - 1, -1, -1):
                shift = shifts[index]
                for place, lunch in enumerate(shift.lunches):
                    if lunch.start <= local_now and (lunch.end is None or lunch.end > local_now):
                        end = _local(at, shift.zone)
                        if end < lunch.start:
                            raise SandboxError(f"{at} is before the lunch began")
                        closed = replace(lunch, end=end)
                        changed = shift.lunches[:place] + (closed,) + shift.lunches[place + 1 :]
                        shifts[index] = replace(shift, lunches=changed)
                        return closed
        raise SandboxError(f"employee {employee_number} is not on lunch")

    def _open_shift(self, person: Person, day: date | None) -> tuple[int, Shift]:
        local_now = _local(self._now, person.timezone)
        shifts = self._shifts.get(person.number, [])
        for index in range(len(shifts) - 1, -1, -1):
            shift = shifts[index]
            if day is not None and shift.start.date() != day:
                continue
            if shift.absence is None and shift.start <= local_now:
                if shift.end is None or shift.end > local_now:
                    return index, shift
        on = "" if day is None else f" from {day}"
        raise SandboxError(f"employee {person.number} has no open session{on}")

    # -- what the other sandboxes need ------------------------------------------------

    def policy_toml(self) -> str:
        """A policy file (PRODUCT.md's format) whose teams and IDs match this company."""
        present = {person.slack_id for person in self.people}
        lines = [
            "# Policy for the sandbox company (tcbot sandbox).",
            f'timezone = "{COMPANY_ZONE}"',
            f'alerts_channel = "{ALERTS_CHANNEL}"',
            f'admins = ["{ADMIN_SLACK_ID}"]',
            "",
            "[schedule]",
            'start = "09:00"',
            'end = "18:00"',
            "",
            "[rules]",
            'late_start_grace = "10m"',
            'no_show_after = "2h"',
            'long_lunch = "45m"',
            'missing_punch_out_after = "12h"',
            'overtime_day = "10h"',
            'overtime_week = "45h"',
        ]
        for group in GROUPS:
            managers = [MANAGERS[group]] if MANAGERS[group] in present else []
            quoted = ", ".join(f'"{m}"' for m in managers)
            lines += [
                "",
                "[[teams]]",
                f'name = "{group}"',
                f"managers = [{quoted}]",
                f'channel = "{TEAM_CHANNELS[group]}"',
                f'members = ["group:{group}"]',
            ]
        return "\n".join(lines) + "\n"

    def slack_users(self) -> list[dict[str, object]]:
        """Slack-style user records, one per employee (managers and the admin included)."""
        return [
            {
                "id": person.slack_id,
                "name": person.clean_email.split("@")[0],
                "real_name": person.name,
                "tz": person.timezone,
                "is_bot": False,
                "deleted": False,
                "profile": {
                    "email": person.clean_email,
                    "real_name": person.name,
                    "display_name": person.first,
                },
            }
            for person in self.people
        ]


def build_company(
    *,
    employees: int = 40,
    days: int = 14,
    seed: int = 7,
    today: date | None = None,
    now: datetime | None = None,
) -> Company:
    """A company of `employees` people with `days` days of records ending today.

    Give `now` (aware), or `today` alone to mean the last second of that day in
    the company's zone (Asia/Jerusalem). The same arguments give the same company.
    """
    if employees < 1 or days < 1:
        raise SandboxError("a sandbox company needs at least one employee and one day")
    zone = ZoneInfo(COMPANY_ZONE)
    if now is None:
        if today is None:
            raise SandboxError("build_company needs `now` or `today`")
        now = datetime.combine(today, time(23, 59, 59), zone)
    _require_aware(now)
    local_today = now.astimezone(zone).date()
    if today is not None and today != local_today:
        raise SandboxError(f"today {today} is not the company's date of now ({local_today})")
    calendar = [local_today - timedelta(days=back) for back in range(days - 1, -1, -1)]
    people = build_people(employees)
    planter = plant(people, calendar, now, seed)
    shifts = {
        person.number: _shifts_of(person, calendar, planter.overrides, seed) for person in people
    }
    planted = sorted(planter.planted, key=lambda p: (p.kind, p.employee_number, p.day))
    return Company(people, shifts, planted, days=calendar, now=now)


def _shifts_of(
    person: Person,
    calendar: list[date],
    overrides: dict[tuple[int, date], list[Shift]],
    seed: int,
) -> list[Shift]:
    # Seeded per person, so someone's days do not depend on the company's size.
    rng = random.Random(f"{seed}:{person.number}")
    workdays = workdays_of(person.timezone)
    shifts: list[Shift] = []
    for day in calendar:
        planned = overrides.get((person.number, day))
        if planned is not None:
            shifts.extend(planned)
        elif day.weekday() in workdays:
            shifts.append(normal_day(rng, day, person.timezone))
    return shifts


def _local(moment: datetime, zone: str) -> datetime:
    _require_aware(moment)
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None, microsecond=0)


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise SandboxError(f"{moment} has no timezone; pass an aware datetime")
