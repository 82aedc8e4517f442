"""Who on a team is in now, at lunch, or not in yet: pure, from a day or two of records.

Used by `/whosin` and the manager's App Home. An open session counts as "in" only while it is
younger than the team's `missing_punch_out_after`: an older one is a forgotten punch-out, not
someone at work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from tcbot.alerts.rules.calendar import build_calendar, employee_zone
from tcbot.policy.model import Policy, Team
from tcbot.timeclock.records import Attendance, Employee, Session


@dataclass(slots=True)
class Whereabouts:
    """`in_now` and `at_lunch` hold (employee, since); `not_in` those expected but absent."""

    in_now: list[tuple[Employee, datetime]] = field(default_factory=list)
    at_lunch: list[tuple[Employee, datetime]] = field(default_factory=list)
    not_in: list[Employee] = field(default_factory=list)


def members_of(team: Team, attendance: Attendance) -> list[Employee]:
    """The team's members among those TimeClock reported, by employee number."""
    found = [e for e in attendance.employees.values() if team.has_member(e)]
    return sorted(found, key=lambda e: (len(e.number), e.number))


def whereabouts(
    members: Iterable[Employee], attendance: Attendance, policy: Policy, *, now: datetime, zone: str
) -> Whereabouts:
    """Sort `members` into in, at lunch and not in, as of `now`. Whether someone is expected
    today is judged in their own zone (that of their latest punch, else `zone`)."""
    result = Whereabouts()
    for employee in members:
        sessions = attendance.sessions_of(employee.number)
        session = _open_session(employee, sessions, policy, now)
        if session is not None:
            lunch_start = _open_lunch(employee, attendance, session, now)
            if lunch_start is not None:
                result.at_lunch.append((employee, lunch_start))
            else:
                result.in_now.append((employee, session.start))
        elif _expected_but_missing(
            employee,
            attendance,
            policy,
            now=now,
            zone=employee_zone(sessions, zone),
        ):
            result.not_in.append(employee)
    result.in_now.sort(key=lambda pair: pair[1])
    result.at_lunch.sort(key=lambda pair: pair[1])
    return result


def _open_session(
    employee: Employee, sessions: list[Session], policy: Policy, now: datetime
) -> Session | None:
    limit = policy.limits_for(employee).missing_punch_out_after
    open_now = [
        s
        for s in sessions
        if not s.is_absence
        and s.start <= now
        and (s.end is None or s.end > now)
        and now - s.start < limit
    ]
    return max(open_now, key=lambda s: s.start, default=None)


def _open_lunch(
    employee: Employee, attendance: Attendance, session: Session, now: datetime
) -> datetime | None:
    starts = [
        lunch.start
        for lunch in attendance.lunches_of(employee.number)
        if session.start <= lunch.start <= now and (lunch.end is None or lunch.end > now)
    ]
    return max(starts, default=None)


def _expected_but_missing(
    employee: Employee,
    attendance: Attendance,
    policy: Policy,
    *,
    now: datetime,
    zone: str,
) -> bool:
    """A workday, past the scheduled start, with no punch and no absence today: the same
    calendar the no-show rule judges by, so /whosin and the alerts agree."""
    calendar = build_calendar(
        employee,
        attendance.sessions_of(employee.number),
        attendance.lunches_of(employee.number),
        policy,
        now=now,
        zone=zone,
        first=now.astimezone(ZoneInfo(zone)).date(),
        last=now.astimezone(ZoneInfo(zone)).date(),
    )
    today = calendar.today
    if not calendar.expects_work(today):
        return False
    if now < calendar.moment(today, policy.schedule_for(employee).start):
        return False
    return not any(session.start <= now for session in calendar.by_day.get(today, []))
