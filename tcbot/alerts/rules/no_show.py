"""`no_show`: a day that expects work, and no punch by schedule start + `no_show_after`.

Judged once that moment has passed. Any punch that day silences it, even one after
the moment (then `late_start` speaks instead), and so does a shift from the day before
still running at the scheduled start (a night shift, or a forgotten punch-out, which
`missing_punch_out` reports). What happens to an alert already raised when the punch
arrives is the poller's business: this rule only says what is true now.
"""

from __future__ import annotations

from datetime import date, datetime

from tcbot.alerts.model import Alert
from tcbot.alerts.rules.calendar import ONE_DAY, EmployeeCalendar, utc
from tcbot.alerts.wording import clock

RULE = "no_show"


def no_show(calendar: EmployeeCalendar) -> list[Alert]:
    wait = calendar.limits.no_show_after
    alerts = []
    for day in calendar.days():
        if day in calendar.by_day or not calendar.expects_work(day):
            continue
        scheduled = calendar.moment(day, calendar.schedule.start)
        deadline = utc(scheduled) + wait
        if calendar.now <= deadline or _still_on_shift(calendar, day, scheduled):
            continue
        detail = (
            f"no punch by {clock(deadline.astimezone(calendar.tz))}, "
            f"schedule starts {clock(scheduled)}"
        )
        alerts.append(
            calendar.alert(RULE, day=day, at=deadline, subject=day.isoformat(), detail=detail)
        )
    return alerts


def _still_on_shift(calendar: EmployeeCalendar, day: date, scheduled: datetime) -> bool:
    return any(
        session.end is None or utc(session.end) > utc(scheduled)
        for session in calendar.by_day.get(day - ONE_DAY, ())
    )
