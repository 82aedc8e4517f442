"""Local times read on ordinary days and on transition days alike, through parse_reply."""

from __future__ import annotations

from datetime import UTC

import pytest

from tcbot.timeclock.parse import parse_reply
from tcbot.timeclock.records import Skipped


def read(*spans: tuple[str, object], zone: str = "America/New_York") -> list[tuple[str, str]]:
    """Each (start, end) read as a session in `zone`, written as ISO instants."""
    items = [{"startDate": start, "endDate": end, "timezone": zone} for start, end in spans]
    (records,), skipped = parse_reply("sessions", [{"employeeNumber": 1, "sessions": items}])
    assert skipped == []
    return [
        (s.start.isoformat(), "open" if s.end is None else s.end.isoformat())
        for s in records.sessions
    ]


def test_days_around_a_fall_back_night() -> None:
    # New York repeated 01:00-02:00 on 2025-11-02.
    assert read(
        ("2025-11-01 09:00:00", "2025-11-01 17:00:00"),
        ("2025-11-02 01:30:00", "2025-11-02 01:15:00"),  # ends in the second 01:xx
        ("2025-11-02 00:30:00", "2025-11-02 08:00:00"),
        ("2025-11-03 09:00:00", None),
    ) == [
        ("2025-11-01T09:00:00-04:00", "2025-11-01T17:00:00-04:00"),
        ("2025-11-02T01:30:00-04:00", "2025-11-02T01:15:00-05:00"),
        ("2025-11-02T00:30:00-04:00", "2025-11-02T08:00:00-05:00"),
        ("2025-11-03T09:00:00-05:00", "open"),
    ]


def test_days_around_a_spring_forward_night() -> None:
    # New York skipped 02:00-03:00 on 2025-03-09.
    assert read(
        ("2025-03-08 22:00:00", "2025-03-09 06:00:00"),
        ("2025-03-09 02:30:00", "2025-03-09 04:00:00"),
        ("2025-03-10 09:00:00", "2025-03-10 17:00:00"),
    ) == [
        ("2025-03-08T22:00:00-05:00", "2025-03-09T06:00:00-04:00"),
        ("2025-03-09T03:30:00-04:00", "2025-03-09T04:00:00-04:00"),
        ("2025-03-10T09:00:00-04:00", "2025-03-10T17:00:00-04:00"),
    ]


def test_a_day_the_zone_skipped_entirely() -> None:
    # Samoa went from 2011-12-29 straight to 2011-12-31: the 30th never happened there.
    assert read(
        ("2011-12-29 09:00:00", "2011-12-29 17:00:00"),
        ("2011-12-30 12:00:00", None),
        ("2011-12-31 09:00:00", "2011-12-31 17:00:00"),
        zone="Pacific/Apia",
    ) == [
        ("2011-12-29T09:00:00-10:00", "2011-12-29T17:00:00-10:00"),
        ("2011-12-31T12:00:00+14:00", "open"),
        ("2011-12-31T09:00:00+14:00", "2011-12-31T17:00:00+14:00"),
    ]


def test_a_zone_that_never_changes() -> None:
    night = read(("2025-03-30 22:00:00", "2025-03-31 06:30:00"), zone="Asia/Kolkata")

    assert night == [("2025-03-30T22:00:00+05:30", "2025-03-31T06:30:00+05:30")]


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        (" 2025-01-05 09:00:00 ", "2025-01-05T09:00:00-05:00"),
        ("2025-1-5 9:00:00", "2025-01-05T09:00:00-05:00"),
        ("2024-02-29 23:59:59", "2024-02-29T23:59:59-05:00"),
    ],
)
def test_looser_spellings_are_still_read(written: str, read_as: str) -> None:
    assert read((written, None)) == [(read_as, "open")]


@pytest.mark.parametrize(
    "written",
    [
        "2025-01-05T09:00:00",
        "2025-01-05 24:00:00",
        "2025-01-05 09:00:60",
        "2025-02-29 09:00:00",
        "2025-01-05 09:00:00.5",
        "2025-W01-1 09:00:00",
    ],
)
def test_other_shapes_are_not_dates(written: str) -> None:
    item = {"startDate": written, "timezone": "UTC"}

    _, skipped = parse_reply("sessions", [{"employeeNumber": 1, "sessions": [item]}])

    assert [s.reason for s in skipped] == [
        f"session #1: startDate {written!r} is not a real date and time 'YYYY-MM-DD HH:MM:SS'"
    ]


def test_a_time_beyond_what_a_datetime_holds_is_skipped_not_fatal() -> None:
    items = [
        {"startDate": "0001-01-01 00:30:00", "timezone": "Asia/Jerusalem"},
        {"startDate": "9999-12-31 23:30:00", "endDate": "", "timezone": "America/New_York"},
        {"startDate": "2025-01-05 09:00:00", "timezone": "Asia/Jerusalem"},
    ]

    (records,), skipped = parse_reply("sessions", [{"employeeNumber": 1, "sessions": items}])

    assert [s.start.astimezone(UTC).isoformat() for s in records.sessions] == [
        "2025-01-05T07:00:00+00:00"
    ]
    assert skipped == [
        Skipped(
            "sessions",
            "1",
            "session #1: startDate '0001-01-01 00:30:00' is out of range in Asia/Jerusalem",
        ),
        Skipped(
            "sessions",
            "1",
            "session #2: startDate '9999-12-31 23:30:00' is out of range in America/New_York",
        ),
    ]
