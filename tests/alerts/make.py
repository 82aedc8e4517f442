"""Hand-built attendance for the alert tests: punches, lunches and absences in a few lines."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tcbot.alerts.evaluate import evaluate
from tcbot.alerts.model import RULES, Alert
from tcbot.policy.model import Policy
from tcbot.timeclock.records import Attendance, Employee, Lunch, Session

BERLIN = "Europe/Berlin"
JERUSALEM = "Asia/Jerusalem"
NEW_YORK = "America/New_York"
WHO = "1265"


def at(text: str, zone: str = BERLIN) -> datetime:
    """`"2025-10-06 08:12"` as an aware datetime in `zone` (first occurrence if ambiguous)."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def day(text: str) -> date:
    return date.fromisoformat(text)


def employee(number: str = WHO, *, groups: tuple[str, ...] = ()) -> Employee:
    return Employee(number=number, email=f"e{number}@example.com", groups=groups)


def work(
    start: str,
    end: str | None = None,
    *,
    who: str = WHO,
    zone: str = BERLIN,
    lunches: Iterable[tuple[str, str | None]] = (),
) -> Session:
    return Session(
        employee=who,
        start=at(start, zone),
        end=at(end, zone) if end else None,
        timezone=zone,
        lunches=tuple(lunch(a, b, who=who, zone=zone) for a, b in lunches),
    )


def absence(start: str, end: str | None, *, who: str = WHO, zone: str = BERLIN) -> Session:
    return Session(
        employee=who,
        start=at(start, zone),
        end=at(end, zone) if end else None,
        timezone=zone,
        is_absence=True,
    )


def lunch(start: str, end: str | None = None, *, who: str = WHO, zone: str = BERLIN) -> Lunch:
    return Lunch(
        employee=who, start=at(start, zone), end=at(end, zone) if end else None, timezone=zone
    )


def company(
    *sessions: Session, lunches: Iterable[Lunch] = (), people: Iterable[Employee] = ()
) -> Attendance:
    """An attendance holding `people` and everyone the records name."""
    attendance = Attendance()
    for person in people:
        attendance.employees[person.number] = person
    for session in sessions:
        attendance.employees.setdefault(session.employee, employee(session.employee))
        attendance.sessions.setdefault(session.employee, []).append(session)
        for nested in session.lunches:
            attendance.lunches.setdefault(session.employee, []).append(nested)
    for extra in lunches:
        attendance.employees.setdefault(extra.employee, employee(extra.employee))
        attendance.lunches.setdefault(extra.employee, []).append(extra)
    return attendance


def alerts(
    attendance: Attendance,
    *,
    now: datetime,
    policy: Policy | None = None,
    rules: Collection[str] = RULES,
    start: str | None = None,
    end: str | None = None,
) -> list[Alert]:
    return evaluate(
        attendance,
        policy if policy is not None else Policy(timezone=BERLIN),
        now=now,
        start=day(start) if start else None,
        end=day(end) if end else None,
        rules=rules,
    )


def details(found: list[Alert]) -> list[str]:
    """What a manager reads: the rule, whose, which day and the detail line."""
    return [f"{a.rule} {a.employee} {a.date} {a.detail}" for a in found]
