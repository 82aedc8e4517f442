"""One employee's records laid out by local day, with the policy that applies to them.

Built once per employee by `tcbot.alerts.evaluate`, then read by every rule, so
sessions are grouped by day once however many rules run. All arithmetic on
instants is done in UTC: Python subtracts two datetimes of the same zone by wall
clock, which is an hour off across a daylight-saving change.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from tcbot.alerts.model import Alert
from tcbot.attendance.hours import Hours, count_hours
from tcbot.policy.model import Policy, RuleLimits, Schedule
from tcbot.timeclock.records import Employee, Lunch, Session

ONE_DAY = timedelta(days=1)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def employee_zone(sessions: Sequence[Session], company_zone: str) -> str:
    """The zone of the employee's latest punch (else latest absence), else the company's."""
    best: tuple[bool, datetime] | None = None
    zone = company_zone
    for session in sessions:
        if not session.timezone:
            continue
        rank = (not session.is_absence, session.start)
        if best is None or rank > best:
            best, zone = rank, session.timezone
    return zone


@dataclass(slots=True)
class EmployeeCalendar:
    """What the rules judge for one employee: their records by day, inside the judged days.

    `first`..`last` are the local days judged (inclusive, never after `today`); the
    window may be empty (`first > last`). `now` is in UTC.
    """

    employee: Employee
    policy: Policy
    now: datetime
    zone: str
    tz: tzinfo
    today: date
    first: date
    last: date
    schedule: Schedule
    limits: RuleLimits
    work: tuple[Session, ...]  # punches (no absences), by start
    lunches: tuple[Lunch, ...]  # by start, each once
    by_day: dict[date, list[Session]]  # punches by their local start day
    absent: frozenset[date]  # days with an absence record
    workdays: frozenset[int]  # weekday indexes, Monday 0
    first_weekday: int
    _hours: Hours | None = field(default=None, repr=False)

    # -- the calendar -----------------------------------------------------------

    def days(self) -> Iterator[date]:
        day = self.first
        while day <= self.last:
            yield day
            day += ONE_DAY

    def judges(self, day: date) -> bool:
        return self.first <= day <= self.last

    def expects_work(self, day: date) -> bool:
        """A workday that is not a holiday, and without an absence record."""
        return (
            day.weekday() in self.workdays
            and day not in self.policy.holidays
            and day not in self.absent
        )

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def moment(self, day: date, wall: time) -> datetime:
        """The instant a local wall-clock time happens; of an ambiguous one, the first."""
        return datetime.combine(day, wall, tzinfo=self.tz)

    def week_start(self, day: date) -> date:
        return day - timedelta(days=(day.weekday() - self.first_weekday) % 7)

    # -- worked time (shared by the two overtime rules) --------------------------

    def hours(self) -> Hours:
        """Hours on every day of the weeks that meet the judged days (up to today), counted once.

        Only called when some day is judged (`first <= last`).
        """
        if self._hours is None:
            start = self.week_start(self.first)
            end = min(self.week_start(self.last) + timedelta(days=6), self.today)
            self._hours = count_hours(
                self.employee,
                self.work,
                self.lunches,
                start=start,
                end=end,
                zone=self.zone,
                policy=self.policy,
                now=self.now,
            )
        return self._hours

    # -- alerts -----------------------------------------------------------------

    def alert(
        self,
        rule: str,
        *,
        day: date,
        at: datetime,
        subject: str,
        detail: str,
        ongoing: bool = False,
    ) -> Alert:
        return Alert(
            rule=rule,
            employee=self.employee.number,
            email=self.employee.email,
            date=day,
            at=at.astimezone(self.tz),
            subject=subject,
            detail=detail,
            timezone=self.zone,
            ongoing=ongoing,
        )


def build_calendar(
    employee: Employee,
    sessions: Sequence[Session],
    lunches: Sequence[Lunch],
    policy: Policy,
    *,
    now: datetime,
    zone: str,
    first: date,
    last: date,
) -> EmployeeCalendar:
    """Lay out `employee`'s records in `zone`, judging `first`..`last` (clamped to today).

    Everything is judged in the employee's own zone, workdays included: when the policy names
    no `workdays`, a London employee of an Israeli company keeps London's Monday-to-Friday
    custom (there is no per-team workdays key, so a company-wide default would make every
    such employee a no-show each Sunday). Named `workdays`/`week_starts_on` apply to all."""
    custom = zone
    tz = ZoneInfo(zone)
    now = utc(now)
    today = now.astimezone(tz).date()
    last = min(last, today)

    work = sorted((s for s in sessions if not s.is_absence), key=lambda s: utc(s.start))
    by_day: dict[date, list[Session]] = {}
    for session in work:
        by_day.setdefault(session.start.astimezone(tz).date(), []).append(session)

    return EmployeeCalendar(
        employee=employee,
        policy=policy,
        now=now,
        zone=zone,
        tz=tz,
        today=today,
        first=first,
        last=last,
        schedule=policy.schedule_for(employee),
        limits=policy.limits_for(employee),
        work=tuple(work),
        lunches=_lunches_once(lunches, work),
        by_day=by_day,
        absent=_absent_days(sessions, tz, first, last, today),
        workdays=policy.workday_set(custom),
        first_weekday=policy.first_weekday(custom),
    )


def _lunches_once(lunches: Sequence[Lunch], work: Sequence[Session]) -> tuple[Lunch, ...]:
    """Lunches given on their own and nested in punches, each once (a closed copy wins)."""
    by_start: dict[datetime, Lunch] = {}
    for lunch in (*lunches, *(nested for session in work for nested in session.lunches)):
        start = utc(lunch.start)
        known = by_start.get(start)
        if known is None or (known.end is None and lunch.end is not None):
            by_start[start] = lunch
    return tuple(by_start[start] for start in sorted(by_start))


def _absent_days(
    sessions: Sequence[Session], tz: tzinfo, first: date, last: date, today: date
) -> frozenset[date]:
    """Judged days touched by an absence record; an open one runs on up to today."""
    days: set[date] = set()
    for session in sessions:
        if not session.is_absence:
            continue
        begin = session.start.astimezone(tz).date()
        if session.end is None:
            finish = max(begin, today)
        else:
            # An absence ending at midnight does not cover the next day.
            finish = max(begin, (session.end - timedelta(microseconds=1)).astimezone(tz).date())
        day = max(begin, first)
        while day <= min(finish, last):
            days.add(day)
            day += ONE_DAY
    return frozenset(days)
