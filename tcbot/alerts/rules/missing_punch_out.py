"""`missing_punch_out`: a punch-in with no punch-out long after it should have come.

Two moments make a session overdue, and the earlier one that has passed is the alert's
`at` (so `at` and the detail stay the same from poll to poll):

- the session has been open longer than `missing_punch_out_after`;
- it began before the scheduled end of its day (a day shift), and that day is over:
  at local midnight after it, or at the scheduled end plus `late_start_grace` if that is
  later. Sessions that begin after the scheduled end (evening and night shifts) are left
  to the first moment only, so a night shift in progress is never flagged at midnight.

Times are judged in the session's own zone. Absence records are never flagged.
"""

from __future__ import annotations

from datetime import datetime, time

from tcbot.alerts.model import Alert
from tcbot.alerts.rules.calendar import ONE_DAY, EmployeeCalendar, utc
from tcbot.alerts.wording import clock, day_and_clock, duration
from tcbot.timeclock.records import Session

RULE = "missing_punch_out"


def missing_punch_out(calendar: EmployeeCalendar) -> list[Alert]:
    alerts = []
    for session in calendar.work:
        if session.end is not None and session.end <= calendar.now:
            continue  # a punch-out after `now` (a scan of the past) was not there yet
        day = calendar.local_day(session.start)
        if day < calendar.first and session.end is None:
            # Still open since before the judged days (TimeClock listed it, e.g. a session of
            # 400 days): judged on the first of them rather than never.
            # TODO: once that day leaves the poll window the poller closes the alert quietly
            # and the same key is not raised again; matters if such sessions are common.
            day = calendar.first
        if not calendar.judges(day):
            continue
        overdue = _overdue(session, calendar)
        if overdue is None:
            continue
        at, detail = overdue
        alerts.append(
            calendar.alert(
                RULE,
                day=day,
                at=at,
                subject=session.start.isoformat(),
                detail=detail,
                ongoing=True,
            )
        )
    return alerts


def _overdue(session: Session, calendar: EmployeeCalendar) -> tuple[datetime, str] | None:
    """When the open `session` became overdue, and why; None while it is not."""
    limit = calendar.limits.missing_punch_out_after
    punched_in = day_and_clock(session.start)
    found: list[tuple[datetime, str]] = []

    too_long = utc(session.start) + limit
    if calendar.now > too_long:
        found.append((too_long, f"punched in {punched_in}, no punch-out after {duration(limit)}"))

    own_zone = session.start.tzinfo
    day = session.start.date()
    scheduled_end = datetime.combine(day, calendar.schedule.end, tzinfo=own_zone)
    if utc(session.start) < utc(scheduled_end):
        day_over = max(
            utc(datetime.combine(day + ONE_DAY, time(0), tzinfo=own_zone)),
            utc(scheduled_end) + calendar.limits.late_start_grace,
        )
        if calendar.now > day_over:
            found.append(
                (
                    day_over,
                    f"punched in {punched_in}, no punch-out by the end of the day "
                    f"(scheduled end {clock(scheduled_end)})",
                )
            )
    return min(found, default=None, key=lambda item: item[0])
