"""`late_start`: the day's first punch came later than schedule start + `late_start_grace`.

Judged only on days that expect work: workdays that are not holidays and carry no
absence record. A day without any punch is `no_show`'s business, not this rule's.
"""

from __future__ import annotations

from tcbot.alerts.model import Alert
from tcbot.alerts.rules.calendar import EmployeeCalendar, utc
from tcbot.alerts.wording import clock

RULE = "late_start"


def late_start(calendar: EmployeeCalendar) -> list[Alert]:
    grace = calendar.limits.late_start_grace
    alerts = []
    for day in calendar.days():
        punches = calendar.by_day.get(day)
        if not punches or not calendar.expects_work(day):
            continue
        first_punch = punches[0].start
        expected_by = utc(calendar.moment(day, calendar.schedule.start)) + grace
        if utc(first_punch) <= expected_by or first_punch > calendar.now:
            continue
        local_punch = first_punch.astimezone(calendar.tz)
        detail = (
            f"first punch {clock(local_punch)}, "
            f"expected by {clock(expected_by.astimezone(calendar.tz))}"
        )
        alerts.append(
            calendar.alert(RULE, day=day, at=first_punch, subject=day.isoformat(), detail=detail)
        )
    return alerts
