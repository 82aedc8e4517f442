"""Run the alert rules over a company's attendance: the one entry the poller and `scan` call."""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tcbot.alerts.model import RULES, Alert
from tcbot.alerts.rules import RULE_FUNCTIONS, build_calendar, employee_zone
from tcbot.errors import PeriodError
from tcbot.policy.model import Policy
from tcbot.timeclock.records import Attendance

log = logging.getLogger(__name__)


def evaluate(
    attendance: Attendance,
    policy: Policy,
    *,
    now: datetime,
    start: date | None = None,
    end: date | None = None,
    rules: Collection[str] = RULES,
) -> list[Alert]:
    """Every alert `rules` raise as of `now` for employees not exempt, by (at, rule, employee).

    `start`..`end` (inclusive, each employee's local days) are the days judged; a day
    after the employee's today never is. A None `start` is the first day any record in
    `attendance` touches; a None `end` is today, so a bare `evaluate(attendance, policy,
    now=...)` judges every day from the data's first up to now.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    unknown = sorted(set(rules) - set(RULES))
    if unknown:
        raise ValueError(f"unknown rules {unknown}; known ones are {', '.join(RULES)}")
    if start is not None and end is not None and end < start:
        raise PeriodError(f"the period ends ({end}) before it starts ({start}); swap the dates")

    if start is None:
        start = _first_day(attendance)
        if start is None:
            return []
    last = end if end is not None else date.max

    company_zone = policy.company_timezone(attendance.usual_zone())
    chosen = [RULE_FUNCTIONS[name] for name in RULES if name in rules]
    # A record TimeClock sent but tcbot could not read may be the punch that shows up: no
    # no-show is claimed for its employee from what is left.
    unreadable = {skip.employee for skip in attendance.skipped if skip.employee is not None}
    without_no_show = [
        rule for name, rule in RULE_FUNCTIONS.items() if rule in chosen and name != "no_show"
    ]
    alerts: list[Alert] = []
    for number, employee in attendance.employees.items():
        if policy.is_exempt(employee):
            continue
        sessions = attendance.sessions_of(number)
        zone = _known_zone(employee_zone(sessions, company_zone), company_zone, number)
        calendar = build_calendar(
            employee,
            sessions,
            attendance.lunches_of(number),
            policy,
            now=now,
            zone=zone,
            first=start,
            last=last,
        )
        for rule in without_no_show if number in unreadable else chosen:
            alerts.extend(rule(calendar))
    alerts.sort(key=lambda alert: (alert.at.timestamp(), alert.rule, alert.employee))
    return alerts


def _first_day(attendance: Attendance) -> date | None:
    """The first local day any session or lunch starts on, in its own zone."""
    starts = [s.start.date() for sessions in attendance.sessions.values() for s in sessions]
    starts += [lunch.start.date() for lunches in attendance.lunches.values() for lunch in lunches]
    return min(starts, default=None)


def _known_zone(zone: str, company_zone: str, number: str) -> str:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning(
            "unknown timezone, judging in the company's instead employee=%s zone=%r company=%s",
            number,
            zone,
            company_zone,
        )
        return company_zone
    return zone
