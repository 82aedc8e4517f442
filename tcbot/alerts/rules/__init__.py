"""The six alert rules, by name; each is a pure function of one employee's calendar.

A rule reads an `EmployeeCalendar` (records by local day, policy, judged days, `now`)
and returns the alerts that are true now. It never reads the clock or does I/O.
"""

from __future__ import annotations

from collections.abc import Callable

from tcbot.alerts.model import Alert
from tcbot.alerts.rules.calendar import EmployeeCalendar, build_calendar, employee_zone
from tcbot.alerts.rules.late_start import late_start
from tcbot.alerts.rules.long_lunch import long_lunch
from tcbot.alerts.rules.missing_punch_out import missing_punch_out
from tcbot.alerts.rules.no_show import no_show
from tcbot.alerts.rules.overtime import overtime_day, overtime_week

Rule = Callable[[EmployeeCalendar], list[Alert]]

# In the order of `tcbot.alerts.model.RULES`.
RULE_FUNCTIONS: dict[str, Rule] = {
    "missing_punch_out": missing_punch_out,
    "long_lunch": long_lunch,
    "late_start": late_start,
    "no_show": no_show,
    "overtime_day": overtime_day,
    "overtime_week": overtime_week,
}

__all__ = ["RULE_FUNCTIONS", "EmployeeCalendar", "Rule", "build_calendar", "employee_zone"]
