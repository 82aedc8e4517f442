"""`long_lunch`: a lunch longer than the `long_lunch` limit, closed or still running.

A closed lunch is raised at its end. A running one is raised at start + limit while it
runs (`ongoing`: its end will resolve it). A lunch still open after more than
`missing_punch_out_after` is a forgotten record rather than a lunch in progress: it is
still reported (it did run past the limit), but not as ongoing, and its detail says it
never ended, so nobody waits for it to resolve by itself.
"""

from __future__ import annotations

from tcbot.alerts.model import Alert
from tcbot.alerts.rules.calendar import EmployeeCalendar, utc
from tcbot.alerts.wording import clock, day_and_clock, duration

RULE = "long_lunch"


def long_lunch(calendar: EmployeeCalendar) -> list[Alert]:
    limit = calendar.limits.long_lunch
    forgotten_after = calendar.limits.missing_punch_out_after
    now = calendar.now
    alerts = []
    for lunch in calendar.lunches:
        day = calendar.local_day(lunch.start)
        if not calendar.judges(day):
            continue
        began = utc(lunch.start)
        subject = lunch.start.isoformat()
        if lunch.end is not None and lunch.end <= now:
            length = utc(lunch.end) - began
            if length > limit:
                detail = (
                    f"lunch {clock(lunch.start)}–{clock(lunch.end)} took {duration(length)}, "
                    f"limit {duration(limit)}"
                )
                alerts.append(
                    calendar.alert(RULE, day=day, at=lunch.end, subject=subject, detail=detail)
                )
            continue
        # Still running (or, judged as of a past `now`, running then).
        if now - began <= limit:
            continue
        if now - began > forgotten_after:
            detail = f"lunch from {day_and_clock(lunch.start)} never ended, limit {duration(limit)}"
            ongoing = False
        else:
            detail = f"on lunch since {clock(lunch.start)}, over {duration(limit)}"
            ongoing = True
        alerts.append(
            calendar.alert(
                RULE, day=day, at=began + limit, subject=subject, detail=detail, ongoing=ongoing
            )
        )
    return alerts
