"""Turn the `result` of a TimeClock 365 method into typed records (records.py).

A bad employee entry or a bad single record is skipped and reported as `Skipped`;
the good records beside it are kept. Personal data (passport, birthday, gender,
absence names and notes) is never read, so it cannot reach a record, a log or a message.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tcbot.errors import TimeClockReplyError
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

METHODS = ("sessions", "lunches", "timesheet", "extended-sessions")
LOCAL_FORMAT = "%Y-%m-%d %H:%M:%S"
_ZERO_DATE = "0000-00-00"
_GROUP_NAME_KEYS = ("name", "groupName", "title")


class _Bad(Exception):
    """One entry or record cannot be read; the message becomes the Skipped reason."""


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
            method, f"`result` is {_kind(result)}, expected a list of employees"
        )

    records: list[EmployeeRecords] = []
    skipped: list[Skipped] = []
    for index, entry in enumerate(result, start=1):
        number: str | None = None
        try:
            employee = _employee(entry)
            number = employee.number
            items = _items(entry)
        except _Bad as bad:
            skipped.append(Skipped(method, number, f"employee entry #{index}: {bad}"))
            continue
        if method == "lunches":
            zone = _lunch_zone(items, (default_zones or {}).get(employee.number))
            lunches = _lunches(method, employee.number, items, zone, "lunch", skipped)
            records.append(EmployeeRecords(employee=employee, lunches=tuple(lunches)))
        else:
            sessions = _sessions(method, employee.number, items, skipped)
            records.append(EmployeeRecords(employee=employee, sessions=tuple(sessions)))
    return records, skipped


# -- employees -------------------------------------------------------------------------


def _employee(entry: object) -> Employee:
    if not isinstance(entry, dict):
        raise _Bad(f"is {_kind(entry)}, expected an object")
    raw = entry.get("employeeNumber")
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise _Bad(f"employeeNumber is {_kind(raw)}, expected a number or a string")
    try:
        number = employee_key(raw)
    except ValueError as error:
        raise _Bad(str(error)) from None
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
        raise _Bad(f"`sessions` is {_kind(raw)}, expected a list")
    return raw


# -- sessions ----------------------------------------------------------------------------


def _sessions(
    method: str, number: str, items: list[object], skipped: list[Skipped]
) -> list[Session]:
    sessions: list[Session] = []
    for index, item in enumerate(items, start=1):
        where = f"session #{index}"
        try:
            record = _dict(item)
            zone_name, zone = _zone(record.get("timezone"))
            start, end = _span(record, zone)
        except _Bad as bad:
            skipped.append(Skipped(method, number, f"{where}: {bad}"))
            continue
        nested = _list(record.get("lunches"))
        logs = _list(record.get("workLogs"))
        location = record.get("locationType")
        sessions.append(
            Session(
                employee=number,
                start=start,
                end=end,
                timezone=zone_name,
                location_type=location if isinstance(location, str) else None,
                # Lunches inside a timesheet session carry no timezone: the session's applies.
                lunches=tuple(
                    _lunches(method, number, nested, zone_name, f"{where}, lunch", skipped)
                ),
                work_logs=tuple(_work_logs(method, number, logs, zone, where, skipped)),
                is_absence=_flag(record.get("isAbsence")),
            )
        )
    return sessions


def _lunches(
    method: str,
    number: str,
    items: list[object],
    default_zone: str,
    label: str,
    skipped: list[Skipped],
) -> list[Lunch]:
    lunches: list[Lunch] = []
    for index, item in enumerate(items, start=1):
        try:
            record = _dict(item)
            raw_zone = record.get("timezone")
            zone_name, zone = _zone(default_zone if raw_zone is None else raw_zone)
            start, end = _span(record, zone)
        except _Bad as bad:
            skipped.append(Skipped(method, number, f"{label} #{index}: {bad}"))
            continue
        lunches.append(Lunch(employee=number, start=start, end=end, timezone=zone_name))
    return lunches


def _lunch_zone(items: list[object], known: str | None) -> str:
    """The zone for lunches that omit theirs in the `lunches` method.

    The employee's other lunches in the same reply decide first, then a zone the
    client already knows from their sessions. Failing both, UTC: a guess, but the
    only one that does not depend on where tcbot happens to run.
    """
    for item in items:
        if isinstance(item, dict):
            try:
                return _zone(item.get("timezone"))[0]
            except _Bad:
                continue
    return known or "UTC"


def _work_logs(
    method: str,
    number: str,
    items: list[object],
    zone: tzinfo,
    where: str,
    skipped: list[Skipped],
) -> list[WorkLog]:
    logs: list[WorkLog] = []
    for index, item in enumerate(items, start=1):
        try:
            record = _dict(item)
            start, end = _span(record, zone)
        except _Bad as bad:
            skipped.append(Skipped(method, number, f"{where}, work log #{index}: {bad}"))
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
    return logs


# -- fields ------------------------------------------------------------------------------


def _zone(raw: object) -> tuple[str, ZoneInfo]:
    if not isinstance(raw, str) or not raw.strip():
        raise _Bad(f"timezone is {_kind(raw)}, expected an IANA name such as 'Asia/Jerusalem'")
    name = raw.strip()
    try:
        return name, ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise _Bad(f"unknown timezone {_quote(raw)}") from None


def _span(record: dict[str, object], zone: tzinfo) -> tuple[datetime, datetime | None]:
    """Start and end as aware instants; end is None for an open record."""
    start = _localize(_local(record.get("startDate"), "startDate"), zone)
    raw_end = record.get("endDate")
    if _is_open(raw_end):
        return start, None
    naive_end = _local(raw_end, "endDate")
    end = _localize(naive_end, zone)
    # Compared in UTC: aware datetimes sharing a tzinfo compare by wall clock only.
    if _utc(end) < _utc(start):
        # An end in the repeated hour of a fall-back night, read as its first
        # occurrence, can land before the start; its second occurrence is the real one.
        later = _localize(naive_end, zone, fold=1)
        if _utc(later) < _utc(start):
            raise _Bad(f"endDate {_quote(raw_end)} is before startDate")
        end = later
    return start, end


def _is_open(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and (not raw.strip() or raw.startswith(_ZERO_DATE)))


def _local(raw: object, field: str) -> datetime:
    if not isinstance(raw, str):
        raise _Bad(f"{field} is {_kind(raw)}, expected 'YYYY-MM-DD HH:MM:SS'")
    try:
        return datetime.strptime(raw.strip(), LOCAL_FORMAT)
    except ValueError:
        raise _Bad(
            f"{field} {_quote(raw)} is not a real date and time 'YYYY-MM-DD HH:MM:SS'"
        ) from None


def _localize(naive: datetime, zone: tzinfo, *, fold: int = 0) -> datetime:
    """The instant a local wall-clock time names in `zone`, written in that zone.

    fold=0 takes the first occurrence of an ambiguous (fall-back) time. A time that
    does not exist (the spring-forward gap) is read with the offset in force before
    the jump, which moves it forward by the gap: 02:30 in a 02:00→03:00 gap becomes
    03:30. The round trip through UTC writes that instant with its real wall time.
    """
    aware = naive.replace(tzinfo=zone, fold=fold)
    return aware.astimezone(UTC).astimezone(zone)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _dict(item: object) -> dict[str, object]:
    if not isinstance(item, dict):
        raise _Bad(f"is {_kind(item)}, expected an object")
    return item


def _list(raw: object) -> list[object]:
    return raw if isinstance(raw, list) else []


def _flag(raw: object) -> bool:
    return raw is True or (not isinstance(raw, bool) and raw in (1, "1", "true"))


def _text(raw: object) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return ""


def _kind(value: object) -> str:
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "empty" if not value.strip() else "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _quote(value: object) -> str:
    """A field value short enough for a log line."""
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")
