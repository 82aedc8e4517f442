"""Live questions answered from TimeClock 365: one person's hours for a period.

Shared by `tcbot hours` and Slack's `/hours`, so both answer alike.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tcbot.attendance.hours import Hours, count_hours
from tcbot.attendance.periods import parse_period
from tcbot.errors import WhoError
from tcbot.policy.model import Policy
from tcbot.timeclock.client import TimeClockClient
from tcbot.timeclock.records import Attendance

# Periods are cut in the company zone, which may only be known from the sessions
# themselves; fetching two days either side covers every offset on earth.
MARGIN = timedelta(days=2)


def fetch_hours(
    client: TimeClockClient, policy: Policy, *, who: str, period: str, now: datetime
) -> Hours:
    """Count one employee's hours (`who`: number or email) over a period the user typed.

    Raises PeriodError for a period that cannot be read (before any API call),
    WhoError when nobody matches, TimeClockError when TimeClock fails.
    """
    zone = policy.company_timezone()
    start, end = period_dates(policy, period, now=now, zone=zone)
    # Nothing is recorded after today; a period in the future still needs today's roster to
    # know who `who` is (and then counts nothing).
    fetch_end = min(end + MARGIN, latest_day(now))
    fetch_start = min(start - MARGIN, fetch_end)
    # extended-sessions adds groups (for team membership) and absences.
    attendance = client.fetch(["timesheet", "extended-sessions"], fetch_start, fetch_end)
    actual_zone = company_zone(policy, attendance)
    if actual_zone != zone:
        start, end = period_dates(policy, period, now=now, zone=actual_zone)
    employee = attendance.find(who)
    if employee is None:
        raise WhoError(
            f"no employee {who!r} has records in TimeClock 365 between {start} and {end}; "
            "check the employee number or email"
        )
    return count_hours(
        employee,
        attendance.sessions_of(employee.number),
        attendance.lunches_of(employee.number),
        start=start,
        end=end,
        zone=actual_zone,
        policy=policy,
        now=now,
    )


def period_dates(policy: Policy, text: str, *, now: datetime, zone: str) -> tuple[date, date]:
    return parse_period(text, now=now, zone=zone, week_starts_on=policy.first_weekday(zone))


def latest_day(now: datetime) -> date:
    """No record can start after the latest local "today" anywhere on earth."""
    return (now.astimezone(UTC) + timedelta(hours=14)).date()


def company_zone(policy: Policy, attendance: Attendance) -> str:
    """The policy's timezone, else the zone most sessions are recorded in, else UTC."""
    return policy.timezone or policy.company_timezone(attendance.usual_zone())
