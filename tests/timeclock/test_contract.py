"""The vendor's documented examples, unchanged bytes, through the client."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest

from tcbot.timeclock.records import Attendance
from tests.timeclock.fake_api import EXAMPLES, TOKEN, FakeApi, example

SHARED = Path("/work/shared/timeclock365/examples")


def documented(api: FakeApi, method: str) -> tuple[Attendance, dict[str, object]]:
    """Ask for `method` with the documented request's dates; the server answers the example."""
    request = json.loads(example(f"{method}.request.json"))
    body = example(f"{method}.response.json")
    client = api.client(lambda _: httpx.Response(200, content=body), first_id=request["id"])
    params = request["params"]
    attendance = client.fetch(
        [method],
        date.fromisoformat(params["startDate"]),
        date.fromisoformat(params["endDate"]),
    )
    return attendance, request


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared vendor folder is not mounted")
@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_copies_are_the_vendor_bytes(path: Path) -> None:
    assert path.read_bytes() == (SHARED / path.name).read_bytes()


@pytest.mark.parametrize("method", ["sessions", "lunches", "timesheet", "extended-sessions"])
def test_request_matches_the_documented_example(api: FakeApi, method: str) -> None:
    _, request = documented(api, method)

    assert api.sent() == [request]
    sent = api.requests[0]
    assert sent.method == "POST"
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["Content-Type"] == "application/json"


def test_sessions_example(api: FakeApi) -> None:
    attendance, _ = documented(api, "sessions")

    assert sorted(attendance.employees) == ["1265", "1267"]
    assert attendance.employees["1265"].email == "email@mail.com"
    assert attendance.employees["1267"].email == "example@mail.com"
    spans = [(iso(s.start), iso(s.end)) for s in attendance.sessions_of("1265")]
    assert spans == [
        ("2024-10-09T08:12:34+03:00", "2024-10-09T17:18:34+03:00"),
        ("2024-10-10T08:12:34+03:00", "2024-10-10T17:18:34+03:00"),
    ]
    first = attendance.sessions_of("1267")[0]
    assert (first.timezone, first.location_type, first.is_absence) == (
        "Asia/Jerusalem",
        "office",
        False,
    )
    assert attendance.skipped == []


def test_lunches_example(api: FakeApi) -> None:
    attendance, _ = documented(api, "lunches")

    assert attendance.sessions_of("1265") == []
    assert [(iso(x.start), iso(x.end), x.timezone) for x in attendance.lunches_of("1267")] == [
        ("2024-10-09T12:12:34+03:00", "2024-10-09T13:10:34+03:00", "Asia/Jerusalem"),
        ("2024-10-10T12:12:34+03:00", "2024-10-10T12:28:34+03:00", "Asia/Jerusalem"),
    ]
    assert [iso(x.end) for x in attendance.lunches_of("1265")] == [
        "2024-10-09T12:48:34+03:00",
        "2024-10-10T12:51:34+03:00",
    ]
    assert attendance.skipped == []


def test_timesheet_example(api: FakeApi) -> None:
    attendance, _ = documented(api, "timesheet")

    (session,) = attendance.sessions_of("1265")
    assert (iso(session.start), iso(session.end)) == (
        "2024-10-09T08:12:34+03:00",
        "2024-10-09T17:18:34+03:00",
    )
    # The nested lunch has no timezone of its own: the session's applies.
    (lunch,) = session.lunches
    assert (iso(lunch.start), iso(lunch.end), lunch.timezone) == (
        "2024-10-09T12:12:34+03:00",
        "2024-10-09T12:48:34+03:00",
        "Asia/Jerusalem",
    )
    assert attendance.lunches_of("1265") == [lunch]
    logs = [(w.name, w.external_id, iso(w.start), iso(w.end)) for w in session.work_logs]
    assert logs == [
        ("task", "DR-4258", "2024-10-09T08:15:34+03:00", "2024-10-09T12:10:34+03:00"),
        ("task 1", "DR-4259", "2024-10-09T12:55:34+03:00", "2024-10-09T17:10:34+03:00"),
    ]
    assert attendance.employees["1265"].email == "email@mail.com"


def test_extended_sessions_example(api: FakeApi) -> None:
    attendance, _ = documented(api, "extended-sessions")

    employee = attendance.employees["31394"]
    assert (employee.number, employee.email, employee.groups) == ("31394", "s7654321@mail.ru", ())
    (session,) = attendance.sessions_of("31394")
    # January: Israel Standard Time; `Asia\/Jerusalem` in the bytes is plain JSON escaping.
    assert (iso(session.start), iso(session.end), session.timezone) == (
        "2025-01-24T12:35:50+02:00",
        "2025-01-24T15:38:12+02:00",
        "Asia/Jerusalem",
    )
    assert session.is_absence is False
    assert attendance.find("S7654321@mail.ru ") == employee


def test_extended_sessions_personal_data_is_dropped(api: FakeApi) -> None:
    attendance, _ = documented(api, "extended-sessions")

    text = repr(attendance)
    for personal in ("Elena21814", "1990-12-13", "female", "passport", "birthday", "gender"):
        assert personal not in text
