"""Turn the `result` of a TimeClock 365 method into typed records (records.py).

A bad employee entry or a bad single record is skipped and reported as `Skipped`;
the good records beside it are kept. Personal data (passport, birthday, gender,
absence names and notes) is never read, so it cannot reach a record, a log or a message.
Local times and zones are read by local_times.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from tcbot.errors import TimeClockReplyError
from tcbot.timeclock.local_times import LOCAL_FORMAT, Unreadable, Zone, Zones, kind, read_span
from tcbot.timeclock.records import (
    Employee,
    EmployeeRecords,
    Lunch,
    Session,
    Skipped,
    WorkLog,
    email_key,
    employee_key,
)

__all__ = ["LOCAL_FORMAT", "METHODS", "parse_reply"]

METHODS = ("sessions", "lunches", "timesheet", "extended-sessions")
_GROUP_NAME_KEYS = ("name", "groupName", "title")


def parse_reply(
    method: str, result: object, *, default_zones: Mapping[str, str] | None = None
) -> tuple[list[EmployeeRecords], list[Skipped]]:
    """Typed records and skipped entries from one method's `result`.

    `default_zones` maps employee numbers to a zone known from other replies (the
    client passes the zones of sessions it already read); it is only used for
    lunches that carry no timezone of their own.
    """
    if method not in METHODS:
        raise ValueError(f"unknown TimeClock method {method!r}; expected one of {METHODS}")
    if not isinstance(result, list):
        raise TimeClockReplyError(
            method, f"`result` is {kind(result)}, expected a list of employees"
        )
    reader = _Reader(method)
    known = default_zones or {}
    records: list[EmployeeRecords] = []
    for index, entry in enumerate(result, start=1):
        number: str | None = None
        try:
            employee = _employee(entry)
            number = employee.number
            items = _items(entry)
        except Unreadable as bad:
            reader.skip(number, f"employee entry #{index}: {bad}")
            continue
        if method == "lunches":
            zone = reader.lunch_zone(items, known.get(number))
            lunches = reader.lunches(number, items, zone, "lunch")
            records.append(EmployeeRecords(employee=employee, lunches=lunches))
        else:
            sessions = reader.sessions(number, items)
            records.append(EmployeeRecords(employee=employee, sessions=sessions))
    return records, reader.skipped


# -- employees -------------------------------------------------------------------------


def _employee(entry: object) -> Employee:
    if not isinstance(entry, dict):
        raise Unreadable(f"is {kind(entry)}, expected an object")
    raw = entry.get("employeeNumber")
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise Unreadable(f"employeeNumber is {kind(raw)}, expected a number or a string")
    try:
        number = employee_key(raw)
    except ValueError as error:
        raise Unreadable(str(error)) from None
    email = entry.get("email")
    return Employee(
        number=number,
        email=email_key(email) if isinstance(email, str) else "",
        groups=_groups(entry.get("groups")),
    )


def _groups(raw: object) -> tuple[str, ...]:
    """Group names from a list of strings or of objects with a name; anything else is ignored."""
    if not isinstance(raw, list):
        return ()
    names: list[str] = []
    for group in raw:
        name: object = group
        if isinstance(group, dict):
            name = next((group[key] for key in _GROUP_NAME_KEYS if key in group), None)
        if isinstance(name, str) and name.strip() and name.strip() not in names:
            names.append(name.strip())
    return tuple(names)


def _items(entry: dict[str, object]) -> list[object]:
    # Every method lists its records under `sessions`, the `lunches` method included.
    raw = entry.get("sessions")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise Unreadable(f"`sessions` is {kind(raw)}, expected a list")
    return raw


# -- records -----------------------------------------------------------------------------


class _Reader:
    """Reads the records of one reply, sharing its zone look-ups and its skipped list."""

    __slots__ = ("method", "skipped", "zones")

    def __init__(self, method: str) -> None:
        self.method = method
        self.skipped: list[Skipped] = []
        self.zones = Zones()

    def skip(self, number: str | None, reason: str) -> None:
        self.skipped.append(Skipped(self.method, number, reason))

    def sessions(self, number: str, items: list[object]) -> tuple[Session, ...]:
        sessions: list[Session] = []
        zone_of = self.zones.get
        for index, item in enumerate(items, start=1):
            try:
                record = _dict(item)
                zone = zone_of(record.get("timezone"))
                start, end = read_span(record, zone)
            except Unreadable as bad:
                self.skip(number, f"session #{index}: {bad}")
                continue
            location = record.get("locationType")
            nested = record.get("lunches")
            logs = record.get("workLogs")
            absence = record.get("isAbsence")
            sessions.append(
                Session(
                    employee=number,
                    start=start,
                    end=end,
                    timezone=zone.name,
                    location_type=location if isinstance(location, str) else None,
                    # Lunches inside a timesheet session carry no timezone: the session's applies.
                    lunches=self.lunches(number, nested, zone.name, f"session #{index}, lunch")
                    if isinstance(nested, list) and nested
                    else (),
                    work_logs=self.work_logs(number, logs, zone, f"session #{index}")
                    if isinstance(logs, list) and logs
                    else (),
                    is_absence=absence is not None and _flag(absence),
                )
            )
        return tuple(sessions)

    def lunches(
        self, number: str, items: list[object], default_zone: str, label: str
    ) -> tuple[Lunch, ...]:
        lunches: list[Lunch] = []
        for index, item in enumerate(items, start=1):
            try:
                record = _dict(item)
                raw_zone = record.get("timezone")
                zone = self.zones.get(default_zone if raw_zone is None else raw_zone)
                start, end = read_span(record, zone)
            except Unreadable as bad:
                self.skip(number, f"{label} #{index}: {bad}")
                continue
            lunches.append(Lunch(employee=number, start=start, end=end, timezone=zone.name))
        return tuple(lunches)

    def lunch_zone(self, items: list[object], known: str | None) -> str:
        """The zone for lunches that omit theirs in the `lunches` method.

        The employee's other lunches in the same reply decide first, then a zone the
        client already knows from their sessions. Failing both, UTC: a guess, but the
        only one that does not depend on where tcbot happens to run.
        """
        for item in items:
            if isinstance(item, dict):
                try:
                    return self.zones.get(item.get("timezone")).name
                except Unreadable:
                    continue
        return known or "UTC"

    def work_logs(
        self, number: str, items: list[object], zone: Zone, where: str
    ) -> tuple[WorkLog, ...]:
        logs: list[WorkLog] = []
        for index, item in enumerate(items, start=1):
            try:
                record = _dict(item)
                start, end = read_span(record, zone)
            except Unreadable as bad:
                self.skip(number, f"{where}, work log #{index}: {bad}")
                continue
            name, external_id = record.get("name"), record.get("externalId")
            logs.append(
                WorkLog(
                    name=name if isinstance(name, str) else "",
                    external_id=_text(external_id),
                    start=start,
                    end=end,
                )
            )
        return tuple(logs)


# -- fields ------------------------------------------------------------------------------


def _dict(item: object) -> dict[str, object]:
    if not isinstance(item, dict):
        raise Unreadable(f"is {kind(item)}, expected an object")
    return item


def _flag(raw: object) -> bool:
    return raw is True or (not isinstance(raw, bool) and raw in (1, "1", "true"))


def _text(raw: object) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return ""
