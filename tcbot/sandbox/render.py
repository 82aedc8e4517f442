"""The sandbox company as TimeClock 365 JSON-RPC replies, in the vendor's shapes and key order.

Like the vendor's examples: `extended-sessions` puts `id` after `result`,
sends `employeeNumber` as a string and escapes slashes (`Asia\\/Jerusalem`);
the other methods put `id` first, send numbers and plain slashes. Output is
compact, as the vendor's PHP would send it.

Choices where the guide is silent:
- A record belongs to a range when its start's local date is inside it (both ends inclusive).
- `extended-sessions` lists every employee (it is the roster, with groups);
  the other methods list only employees with a record in the range.
- An open session or lunch has `endDate: null` and `endSourceType: null`;
  in `extended-sessions` its `endDateSentAt` and `duration` are null too.
- Absence days appear in every method as a 09:00-18:00 session; only
  `extended-sessions` marks them (`isAbsence: true` and the absence fields).
- Work logs are derived from a session's punches and lunches: one task
  before each lunch and one after the last.
- `expectedSeconds` is 8 h for each of the employee's workdays within both the
  range and the company's days; `totalWorkedSeconds` is closed sessions less
  their lunches; `totalLeaveSeconds` is the absence days' length.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tcbot.sandbox.company import Company
from tcbot.sandbox.punches import Lunch, Shift, workdays_of
from tcbot.sandbox.roster import Person

METHODS = ("sessions", "lunches", "timesheet", "extended-sessions")
TASKS = ("Tickets", "Customer calls", "Code review", "Inventory", "Planning", "Deliveries")
EXPECTED_PER_WORKDAY = 8 * 3600
Record = dict[str, object]


def render_reply(
    company: Company, method: str, first: date, last: date, request_id: object
) -> bytes:
    """The whole HTTP body answering `method` for the days first..last."""
    entries = ",".join(_entries(company, method, first, last))
    rid = json.dumps(request_id)
    if method == "extended-sessions":
        return f'{{"jsonrpc":"2.0","result":[{entries}],"id":{rid}}}'.encode()
    return f'{{"jsonrpc":"2.0","id":{rid},"result":[{entries}]}}'.encode()


def _entries(company: Company, method: str, first: date, last: date) -> Iterator[str]:
    build = BUILDERS[method]
    with company.lock:
        now = company.now
    local_now: dict[str, datetime] = {}
    for person in company.people:
        zone_now = local_now.get(person.timezone)
        if zone_now is None:
            zone_now = now.astimezone(ZoneInfo(person.timezone)).replace(tzinfo=None)
            local_now[person.timezone] = zone_now
        shifts = [
            _as_of(shift, zone_now)
            for shift in company.shifts_of(person.number)
            if first <= shift.start.date() <= last and shift.start <= zone_now
        ]
        entry = build(person, shifts, (first, last, company))
        if entry is not None:
            text = json.dumps(entry, separators=(",", ":"))
            yield text.replace("/", "\\/") if method == "extended-sessions" else text


def _as_of(shift: Shift, local_now: datetime) -> Shift:
    """The shift as seen at `local_now`: later punches not yet made."""
    if shift.end is not None and shift.end <= local_now:
        return shift
    lunches = tuple(
        lunch if lunch.end is None or lunch.end <= local_now else replace(lunch, end=None)
        for lunch in shift.lunches
        if lunch.start <= local_now
    )
    end = shift.end if shift.end is not None and shift.end <= local_now else None
    return replace(shift, end=end, lunches=lunches)


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(" ")


def _end_source(record: Shift | Lunch) -> str | None:
    return None if record.end is None else record.end_source


def _session(shift: Shift) -> Record:
    return {
        "startDate": _stamp(shift.start),
        "endDate": _stamp(shift.end),
        "timezone": shift.zone,
        "locationType": shift.location,
        "startSourceType": shift.start_source,
        "endSourceType": _end_source(shift),
    }


def _sessions(person: Person, shifts: list[Shift], _range: object) -> Record | None:
    if not shifts:
        return None
    return {
        "employeeNumber": person.number,
        "email": person.email,
        "sessions": [_session(shift) for shift in shifts],
    }


def _lunches(person: Person, shifts: list[Shift], _range: object) -> Record | None:
    lunches = [
        {
            "startDate": _stamp(lunch.start),
            "endDate": _stamp(lunch.end),
            "timezone": shift.zone,
            "startSourceType": lunch.start_source,
            "endSourceType": _end_source(lunch),
        }
        for shift in shifts
        for lunch in shift.lunches
    ]
    if not lunches:
        return None
    # The vendor lists lunches under `sessions` in this method.
    return {"employeeNumber": person.number, "email": person.email, "sessions": lunches}


def _timesheet(person: Person, shifts: list[Shift], _range: object) -> Record | None:
    if not shifts:
        return None
    sessions = []
    for shift in shifts:
        record = _session(shift)
        record["lunches"] = [
            {
                "startDate": _stamp(lunch.start),
                "endDate": _stamp(lunch.end),
                "startSourceType": lunch.start_source,
                "endSourceType": _end_source(lunch),
            }
            for lunch in shift.lunches
        ]
        record["workLogs"] = _work_logs(person.number, shift)
        sessions.append(record)
    return {"employeeNumber": person.number, "email": person.email, "sessions": sessions}


def _work_logs(number: int, shift: Shift) -> list[Record]:
    if shift.absence is not None:
        return []
    spans: list[tuple[datetime, datetime | None]] = []
    begin: datetime | None = shift.start
    for lunch in shift.lunches:
        if begin is not None:
            spans.append((begin, lunch.start))
        begin = lunch.end
    if begin is not None:
        spans.append((begin, shift.end))
    day = shift.start.toordinal()
    logs: list[Record] = []
    for place, (start, end) in enumerate(spans):
        start = start + timedelta(minutes=3)
        end = None if end is None else end - timedelta(minutes=2)
        if end is not None and end <= start:
            continue
        logs.append(
            {
                "name": TASKS[(number + day + place) % len(TASKS)],
                "externalId": f"DR-{4000 + (number * 31 + day * 7 + place) % 5000}",
                "startDate": _stamp(start),
                "endDate": _stamp(end),
                "startSourceType": shift.start_source,
                "endSourceType": None if end is None else shift.end_source,
            }
        )
    return logs


def _extended(
    person: Person, shifts: list[Shift], scope: tuple[date, date, Company]
) -> Record | None:
    first, last, company = scope
    tz = ZoneInfo(person.timezone)
    sessions = [_extended_session(shift, tz) for shift in shifts]
    worked = leave = 0
    for shift, record in zip(shifts, sessions, strict=True):
        duration = record["duration"]
        if not isinstance(duration, int):
            continue
        if shift.absence is not None:
            leave += duration
            continue
        worked += duration - sum(
            _seconds(lunch.start, lunch.end, tz) or 0 for lunch in shift.lunches
        )
    workdays = workdays_of(person.timezone)
    start, stop = max(first, company.first_day), min(last, company.today)
    span = [start + timedelta(days=n) for n in range(max(0, (stop - start).days + 1))]
    return {
        "id": person.record_id,
        "employeeNumber": str(person.number),
        "email": person.email,
        "passport": person.passport,
        "groups": list(person.groups),
        "workStartedAt": person.started.isoformat(),
        "workEndedAt": None,
        "birthday": person.birthday.isoformat(),
        "gender": person.gender,
        "totalWorkedSeconds": worked,
        "totalLeaveSeconds": leave,
        "expectedSeconds": EXPECTED_PER_WORKDAY * sum(d.weekday() in workdays for d in span),
        "sessions": sessions,
    }


def _extended_session(shift: Shift, tz: ZoneInfo) -> Record:
    absence = shift.absence
    return {
        "startDate": _stamp(shift.start),
        "startDateSentAt": _stamp(shift.start),
        "startNote": None,
        "endDate": _stamp(shift.end),
        "endDateSentAt": _stamp(shift.end),
        "endNote": None,
        "duration": _seconds(shift.start, shift.end, tz),
        "timezone": shift.zone,
        "locationType": shift.location,
        "startSourceType": shift.start_source,
        "endSourceType": _end_source(shift),
        "isAbsence": absence is not None,
        "absenceName": absence and absence.name,
        "absenceNote": absence and absence.note,
        "absenceApprovedDate": absence and _stamp(absence.approved_at),
        "absenceApprovedManager": absence and absence.approved_by,
        "absenceCodeDays": absence and absence.code_days,
        "absenceCodeHors": absence and absence.code_hours,
    }


def _seconds(start: datetime, end: datetime | None, tz: ZoneInfo) -> int | None:
    """Real seconds between two local times (the first of an ambiguous time)."""
    if end is None:
        return None
    return int(end.replace(tzinfo=tz).timestamp() - start.replace(tzinfo=tz).timestamp())


BUILDERS: dict[str, Callable[[Person, list[Shift], tuple[date, date, Company]], Record | None]] = {
    "sessions": _sessions,
    "lunches": _lunches,
    "timesheet": _timesheet,
    "extended-sessions": _extended,
}
