"""Typed attendance records, as tcbot holds them after reading TimeClock 365.

Every timestamp is an aware datetime in the record's own IANA zone. A record
whose end is `None` is still open (the employee has not punched out, or the
lunch has not ended). Personal data the product has no use for (passport,
birthday, gender, absence reasons) never reaches these classes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime


def employee_key(raw: object) -> str:
    """One key for an employee number, whether TimeClock sent `1265` or `"1265"`."""
    if isinstance(raw, bool):
        raise ValueError("employee number is a boolean")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    key = str(raw).strip()
    if not key or key == "None":
        raise ValueError("employee number is empty")
    return key


def email_key(raw: object) -> str:
    """Emails are matched trimmed and lower-cased; a missing one is ''."""
    if raw is None:
        return ""
    return str(raw).strip().lower()


@dataclass(frozen=True, slots=True)
class Employee:
    number: str
    email: str = ""
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lunch:
    employee: str
    start: datetime
    end: datetime | None
    timezone: str

    @property
    def is_open(self) -> bool:
        return self.end is None


@dataclass(frozen=True, slots=True)
class WorkLog:
    name: str
    external_id: str
    start: datetime
    end: datetime | None


@dataclass(frozen=True, slots=True)
class Session:
    """One punch-in to punch-out, or an absence when `is_absence` is set."""

    employee: str
    start: datetime
    end: datetime | None
    timezone: str
    location_type: str | None = None
    lunches: tuple[Lunch, ...] = ()
    work_logs: tuple[WorkLog, ...] = ()
    is_absence: bool = False

    @property
    def is_open(self) -> bool:
        return self.end is None


@dataclass(frozen=True, slots=True)
class EmployeeRecords:
    """What one method returned for one employee."""

    employee: Employee
    sessions: tuple[Session, ...] = ()
    lunches: tuple[Lunch, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that could not be read; kept so the poll log can say why."""

    method: str
    employee: str | None
    reason: str


@dataclass(slots=True)
class Attendance:
    """Everything known about a company's attendance for a window, by employee.

    Built by merging the replies of one or more methods; the same session
    reported by two methods (sessions and timesheet) is held once.
    """

    employees: dict[str, Employee] = field(default_factory=dict)
    sessions: dict[str, list[Session]] = field(default_factory=dict)
    lunches: dict[str, list[Lunch]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    # Where each (employee, start) sits in its list, so merging stays linear.
    _session_index: dict[tuple[str, datetime], int] = field(
        default_factory=dict, repr=False, compare=False
    )
    _lunch_index: dict[tuple[str, datetime], int] = field(
        default_factory=dict, repr=False, compare=False
    )

    def add(self, batch: Iterable[EmployeeRecords]) -> Attendance:
        for records in batch:
            self._add_employee(records.employee)
            number = records.employee.number
            for session in records.sessions:
                self._add_session(number, session)
                for lunch in session.lunches:
                    self._add_lunch(number, lunch)
            for lunch in records.lunches:
                self._add_lunch(number, lunch)
        return self

    def merge(self, other: Attendance) -> Attendance:
        for employee in other.employees.values():
            self._add_employee(employee)
        for number, sessions in other.sessions.items():
            for session in sessions:
                self._add_session(number, session)
        for number, lunches in other.lunches.items():
            for lunch in lunches:
                self._add_lunch(number, lunch)
        self.skipped.extend(other.skipped)
        return self

    def _add_session(self, number: str, session: Session) -> None:
        # Two methods report the same punch; one may already show its punch-out.
        sessions = self.sessions.setdefault(number, [])
        at = (number, session.start)
        index = self._session_index.get(at)
        if index is None:
            self._session_index[at] = len(sessions)
            sessions.append(session)
            return
        known = sessions[index]
        # `extended-sessions` is the only method that says a record is an absence.
        if session.is_absence and not known.is_absence:
            sessions[index] = session
        elif known.is_absence:
            return
        elif (known.end is None and session.end is not None) or (
            not known.lunches and session.lunches
        ):
            sessions[index] = session

    def _add_lunch(self, number: str, lunch: Lunch) -> None:
        lunches = self.lunches.setdefault(number, [])
        at = (number, lunch.start)
        index = self._lunch_index.get(at)
        if index is None:
            self._lunch_index[at] = len(lunches)
            lunches.append(lunch)
        elif lunches[index].end is None and lunch.end is not None:
            lunches[index] = lunch

    def _add_employee(self, employee: Employee) -> None:
        known = self.employees.get(employee.number)
        if known is None:
            self.employees[employee.number] = employee
            return
        self.employees[employee.number] = Employee(
            number=employee.number,
            email=known.email or employee.email,
            groups=known.groups or employee.groups,
        )

    def sessions_of(self, number: str) -> list[Session]:
        return self.sessions.get(number, [])

    def lunches_of(self, number: str) -> list[Lunch]:
        return self.lunches.get(number, [])

    def usual_zone(self) -> str | None:
        """The zone most sessions are recorded in: the company's when the policy names none."""
        zones = Counter(
            session.timezone
            for sessions in self.sessions.values()
            for session in sessions
            if session.timezone
        )
        return zones.most_common(1)[0][0] if zones else None

    def find(self, who: str) -> Employee | None:
        """An employee by number or by email (trimmed, any case)."""
        key = who.strip()
        if key in self.employees:
            return self.employees[key]
        email = email_key(key)
        for employee in self.employees.values():
            if employee.email and employee.email == email:
                return employee
        return None
