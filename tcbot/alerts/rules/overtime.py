"""`overtime_day` and `overtime_week`: worked time over the day's or the week's limit.

Worked time is `tcbot.attendance.hours.count_hours`'s, counted once per employee and
shared by both rules; absences are not worked time. Weeks start on the policy's first
weekday and are judged whole when they meet the judged days.

`at` is the moment the limit was crossed, taken as the end of the day's work (its last
punch-out, or now for a running session) minus the time worked beyond the limit, but not
before that last session began. That is exact when the overtime was worked in one stretch
at the end of the day, the usual long day; when a lunch or a gap falls inside the
overtime it comes out a little early, and when the overtime spans several sessions it is
the start of the last one. It stays the same from poll to poll while a session runs.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from tcbot.alerts.model import Alert
from tcbot.alerts.rules.calendar import ONE_DAY, EmployeeCalendar, utc
from tcbot.alerts.wording import day_label, duration

DAY_RULE = "overtime_day"
WEEK_RULE = "overtime_week"


def overtime_day(calendar: EmployeeCalendar) -> list[Alert]:
    if not calendar.work or calendar.first > calendar.last:
        return []
    limit = calendar.limits.overtime_day
    alerts = []
    for day in calendar.hours().days:
        if not calendar.judges(day.date) or day.worked_seconds <= limit.total_seconds():
            continue
        excess = timedelta(seconds=day.worked_seconds) - limit
        detail = (
            f"worked {duration(day.worked_seconds)} on {day_label(day.date)}, "
            f"limit {duration(limit)}"
        )
        alerts.append(
            calendar.alert(
                DAY_RULE,
                day=day.date,
                at=_crossed_at(calendar, day.date, excess),
                subject=day.date.isoformat(),
                detail=detail,
            )
        )
    return alerts


def overtime_week(calendar: EmployeeCalendar) -> list[Alert]:
    if not calendar.work or calendar.first > calendar.last:
        return []
    limit = calendar.limits.overtime_week
    weeks: dict[date, list[tuple[date, int]]] = {}
    for day in calendar.hours().days:
        weeks.setdefault(calendar.week_start(day.date), []).append((day.date, day.worked_seconds))
    alerts = []
    for week, days in weeks.items():
        total = sum(worked for _, worked in days)
        if total <= limit.total_seconds():
            continue
        crossing_day, excess = _crossing_day(days, limit)
        detail = (
            f"worked {duration(total)} in the week of {day_label(week)}, limit {duration(limit)}"
        )
        alerts.append(
            calendar.alert(
                WEEK_RULE,
                day=week,
                at=_crossed_at(calendar, crossing_day, excess),
                subject=f"week:{week.isoformat()}",
                detail=detail,
            )
        )
    return alerts


def _crossing_day(days: list[tuple[date, int]], limit: timedelta) -> tuple[date, timedelta]:
    """The day the week's running total passed `limit`, and how far past it that day ended."""
    running = 0
    for day, worked in days:
        running += worked
        if running > limit.total_seconds():
            return day, timedelta(seconds=running) - limit
    raise ValueError("the week's total is not over its limit")


def _crossed_at(calendar: EmployeeCalendar, day: date, excess: timedelta) -> datetime:
    """When `day`'s work passed its limit: its end of work minus `excess` (see the docstring)."""
    day_start = utc(calendar.moment(day, time(0)))
    day_end = utc(calendar.moment(day + ONE_DAY, time(0)))
    counted_for = calendar.limits.missing_punch_out_after
    last_start, last_end = day_start, day_start
    for session in (*calendar.by_day.get(day - ONE_DAY, ()), *calendar.by_day.get(day, ())):
        began = utc(session.start)
        if session.end is not None:
            finish = utc(session.end)
        elif calendar.now - began < counted_for:
            finish = calendar.now  # counted up to now, as the hours are
        else:
            continue  # a forgotten punch-out counts for nothing
        finish = min(finish, day_end, calendar.now)
        if finish > last_end and finish > day_start:
            last_start, last_end = max(began, day_start), finish
    return max(last_end - excess, last_start)
