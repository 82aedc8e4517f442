"""Reading one method's `result` into typed records."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tcbot.errors import TimeClockReplyError
from tcbot.timeclock.parse import parse_reply
from tcbot.timeclock.records import EmployeeRecords, Skipped
from tests.timeclock.fake_api import example

METHODS = ["sessions", "lunches", "timesheet", "extended-sessions"]


def record(start: str, end: object = "unset", zone: object = "Asia/Jerusalem") -> dict[str, Any]:
    fields: dict[str, Any] = {"startDate": start}
    if end != "unset":
        fields["endDate"] = end
    if zone is not None:
        fields["timezone"] = zone
    return fields


def one(method: str, *items: dict[str, Any], number: object = 1265) -> EmployeeRecords:
    (records,), skipped = parse_reply(method, [{"employeeNumber": number, "sessions": list(items)}])
    assert skipped == []
    return records


def instants(records: EmployeeRecords) -> list[tuple[str, str | None]]:
    found = records.lunches or records.sessions
    return [(x.start.isoformat(), None if x.end is None else x.end.isoformat()) for x in found]


def test_a_result_that_is_not_a_list_is_a_reply_error() -> None:
    with pytest.raises(TimeClockReplyError, match="`result` is missing, expected a list"):
        parse_reply("sessions", None)


def test_bad_records_are_skipped_and_their_neighbours_kept() -> None:
    good = record("2025-01-05 09:00:00", "2025-01-05 17:00:00")
    result = [
        {
            "employeeNumber": 1265,
            "sessions": [
                good,
                record("2025-02-30 09:00:00", "2025-02-30 17:00:00"),
                record("2025-01-06 17:00:00", "2025-01-06 09:00:00"),
                record("2025-01-07 09:00:00", None, zone="Mars/Olympus_Mons"),
                record("2025-01-08 09:00:00", None, zone=None),
                {"endDate": "2025-01-09 17:00:00", "timezone": "UTC"},
                {"startDate": 20250110, "timezone": "UTC"},
                "garbage",
            ],
        },
        {"email": "x@example.com", "passport": "AB123456", "sessions": [good]},
        {"employeeNumber": 1267, "sessions": {"startDate": "2025-01-05 09:00:00"}},
        ["not", "an", "object"],
        {"employeeNumber": "1268", "sessions": [good]},
    ]

    records, skipped = parse_reply("timesheet", result)

    assert [r.employee.number for r in records] == ["1265", "1268"]
    assert [len(r.sessions) for r in records] == [1, 1]
    assert skipped == [
        Skipped(
            "timesheet",
            "1265",
            "session #2: startDate '2025-02-30 09:00:00' is not a real date and time "
            "'YYYY-MM-DD HH:MM:SS'",
        ),
        Skipped(
            "timesheet", "1265", "session #3: endDate '2025-01-06 09:00:00' is before startDate"
        ),
        Skipped("timesheet", "1265", "session #4: unknown timezone 'Mars/Olympus_Mons'"),
        Skipped(
            "timesheet",
            "1265",
            "session #5: timezone is missing, expected an IANA name such as 'Asia/Jerusalem'",
        ),
        Skipped(
            "timesheet", "1265", "session #6: startDate is missing, expected 'YYYY-MM-DD HH:MM:SS'"
        ),
        Skipped(
            "timesheet", "1265", "session #7: startDate is a number, expected 'YYYY-MM-DD HH:MM:SS'"
        ),
        Skipped("timesheet", "1265", "session #8: is a string, expected an object"),
        Skipped(
            "timesheet",
            None,
            "employee entry #2: employeeNumber is missing, expected a number or a string",
        ),
        Skipped("timesheet", "1267", "employee entry #3: `sessions` is an object, expected a list"),
        Skipped("timesheet", None, "employee entry #4: is a list, expected an object"),
    ]
    assert "AB123456" not in repr(skipped)


def test_bad_nested_lunch_or_work_log_keeps_its_session() -> None:
    session = record("2025-01-05 09:00:00", "2025-01-05 17:00:00")
    session["lunches"] = [{"startDate": "2025-01-05 12:00:00", "endDate": "2025-01-05 11:00:00"}]
    session["workLogs"] = [
        {"name": "task", "externalId": 42, "startDate": "2025-01-05 09:00:00", "endDate": ""},
        {"name": "bad", "startDate": "yesterday"},
    ]

    (records,), skipped = parse_reply("timesheet", [{"employeeNumber": 1, "sessions": [session]}])

    (kept,) = records.sessions
    assert kept.lunches == ()
    assert [(w.name, w.external_id, w.end) for w in kept.work_logs] == [("task", "42", None)]
    assert [s.reason for s in skipped] == [
        "session #1, lunch #1: endDate '2025-01-05 11:00:00' is before startDate",
        "session #1, work log #2: startDate 'yesterday' is not a real date and time "
        "'YYYY-MM-DD HH:MM:SS'",
    ]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("end", [None, "unset", "", "0000-00-00 00:00:00"])
def test_open_records_in_every_spelling(method: str, end: object) -> None:
    records = one(method, record("2025-01-05 09:00:00", end))

    assert instants(records) == [("2025-01-05T09:00:00+02:00", None)]
    assert (records.lunches or records.sessions)[0].is_open


def test_ambiguous_fall_back_time_is_its_first_occurrence() -> None:
    # Israel left summer time at 02:00 on 2024-10-27; 01:30 happened twice.
    records = one("sessions", record("2024-10-27 01:30:00", "2024-10-27 06:00:00"))

    assert instants(records) == [("2024-10-27T01:30:00+03:00", "2024-10-27T06:00:00+02:00")]


def test_a_night_across_fall_back_is_an_hour_longer() -> None:
    (night,) = one("sessions", record("2024-10-26 22:00:00", "2024-10-27 06:00:00")).sessions

    assert night.end is not None
    # Real elapsed time. (Subtracting two datetimes that share a tzinfo gives 8 h.)
    assert night.end.astimezone(UTC) - night.start.astimezone(UTC) == timedelta(hours=9)


def test_an_end_before_start_in_the_repeated_hour_is_its_second_occurrence() -> None:
    records = one("sessions", record("2024-10-27 01:40:00", "2024-10-27 01:10:00"))

    assert instants(records) == [("2024-10-27T01:40:00+03:00", "2024-10-27T01:10:00+02:00")]


def test_a_time_in_the_spring_forward_gap_moves_forward() -> None:
    # Israel jumped from 02:00 to 03:00 on 2024-03-29; 02:30 never happened there.
    records = one("sessions", record("2024-03-29 02:30:00", "2024-03-29 08:00:00"))

    (session,) = records.sessions
    assert session.start.isoformat() == "2024-03-29T03:30:00+03:00"
    assert session.start == datetime(2024, 3, 29, 0, 30, tzinfo=UTC)


def test_timesheet_lunches_take_their_sessions_zone() -> None:
    session = record("2025-07-01 09:00:00", "2025-07-01 17:00:00", zone="America/New_York")
    session["lunches"] = [{"startDate": "2025-07-01 12:00:00", "endDate": "2025-07-01 12:30:00"}]

    (lunch,) = one("timesheet", session).sessions[0].lunches

    assert (lunch.timezone, lunch.start.isoformat()) == (
        "America/New_York",
        "2025-07-01T12:00:00-04:00",
    )


def test_lunches_without_a_zone_borrow_one() -> None:
    bare = record("2025-07-01 12:00:00", "2025-07-01 12:30:00", zone=None)
    with_zone = record("2025-07-02 12:00:00", "2025-07-02 12:30:00", zone="Europe/Berlin")
    result = [
        {"employeeNumber": 1, "sessions": [bare, with_zone]},
        {"employeeNumber": 2, "sessions": [bare]},
        {"employeeNumber": 3, "sessions": [bare]},
    ]

    records, _ = parse_reply("lunches", result, default_zones={"2": "Asia/Tokyo"})

    zones = [[x.start.isoformat() for x in r.lunches] for r in records]
    assert zones == [
        ["2025-07-01T12:00:00+02:00", "2025-07-02T12:00:00+02:00"],  # the employee's other lunch
        ["2025-07-01T12:00:00+09:00"],  # their sessions, as the client knows them
        ["2025-07-01T12:00:00+00:00"],  # nothing known: UTC
    ]


def test_extended_sessions_absences_groups_and_no_personal_data() -> None:
    entry = json.loads(example("extended-sessions.response.json"))["result"][0]
    entry["groups"] = ["Support", {"id": 3, "name": "Night shift"}, 17, {"id": 4}, "Support"]
    absence = dict(entry["sessions"][0], isAbsence=True, absenceName="Sick: flu")
    absence["absenceNote"] = "doctor's note attached"
    absence["startDate"], absence["endDate"] = "2025-01-26 00:00:00", "2025-01-26 23:59:59"
    entry["sessions"].append(absence)

    (records,), skipped = parse_reply("extended-sessions", [entry])

    assert records.employee.groups == ("Support", "Night shift")
    assert [s.is_absence for s in records.sessions] == [False, True]
    text = repr(records) + repr(skipped)
    for personal in ("Elena21814", "1990-12-13", "female", "flu", "doctor"):
        assert personal not in text


def test_unknown_fields_and_key_order_do_not_matter() -> None:
    session = record("2025-01-05 09:00:00", "2025-01-05 17:00:00")
    session.update(absenceCodeHors=None, somethingNew={"nested": [1, 2]}, locationType="home")
    shuffled = dict(reversed(list(session.items())))

    assert one("sessions", session) == one("sessions", shuffled)
    assert one("sessions", shuffled).sessions[0].location_type == "home"


@pytest.mark.parametrize("number", [1265, "1265", " 1265 ", 1265.0])
def test_employee_numbers_as_numbers_or_strings(number: object) -> None:
    assert one("sessions", number=number).employee.number == "1265"
