from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tcbot.attendance.periods import describe_period, parse_period
from tcbot.errors import PeriodError

J = "Asia/Jerusalem"
LONDON = "Europe/London"
SUNDAY, MONDAY = 6, 0
# Thursday 9 October 2025, 10:00 in Jerusalem (07:00 UTC).
THURSDAY = "2025-10-09T10:00:00+03:00"


def d(text: str) -> date:
    return date.fromisoformat(text)


# (text, now, zone, week start, first day, last day)
# fmt: off
ACCEPTED = [
    ("today", THURSDAY, J, SUNDAY, "2025-10-09", "2025-10-09"),
    ("  ToDay ", THURSDAY, J, SUNDAY, "2025-10-09", "2025-10-09"),
    ("yesterday", THURSDAY, J, SUNDAY, "2025-10-08", "2025-10-08"),
    ("this week", THURSDAY, J, SUNDAY, "2025-10-05", "2025-10-11"),
    ("THIS   WEEK", THURSDAY, LONDON, MONDAY, "2025-10-06", "2025-10-12"),
    ("last week", THURSDAY, J, SUNDAY, "2025-09-28", "2025-10-04"),
    ("last week", THURSDAY, LONDON, MONDAY, "2025-09-29", "2025-10-05"),
    # On the first day of the week, "this week" starts today.
    ("this week", "2025-10-05T08:00+03:00", J, SUNDAY, "2025-10-05", "2025-10-11"),
    ("this week", "2025-10-05T08:00+01:00", LONDON, MONDAY, "2025-09-29", "2025-10-05"),
    ("this month", THURSDAY, J, SUNDAY, "2025-10-01", "2025-10-31"),
    ("last month", THURSDAY, J, SUNDAY, "2025-09-01", "2025-09-30"),
    ("this month", "2025-12-31T12:00+00:00", LONDON, MONDAY, "2025-12-01", "2025-12-31"),
    ("last month", "2026-01-01T12:00+00:00", LONDON, MONDAY, "2025-12-01", "2025-12-31"),
    ("yesterday", "2025-03-01T12:00+02:00", J, SUNDAY, "2025-02-28", "2025-02-28"),
    # Leap year.
    ("last month", "2024-03-15T12:00+02:00", J, SUNDAY, "2024-02-01", "2024-02-29"),
    ("this month", "2024-02-10T12:00+02:00", J, SUNDAY, "2024-02-01", "2024-02-29"),
    ("2024-02-29", THURSDAY, J, SUNDAY, "2024-02-29", "2024-02-29"),
    ("last 7 days", THURSDAY, J, SUNDAY, "2025-10-03", "2025-10-09"),
    ("last 1 day", THURSDAY, J, SUNDAY, "2025-10-09", "2025-10-09"),
    (" Last  30 Days", THURSDAY, J, SUNDAY, "2025-09-10", "2025-10-09"),
    ("last 366 days", THURSDAY, J, SUNDAY, "2024-10-09", "2025-10-09"),
    ("2025-10-01", THURSDAY, J, SUNDAY, "2025-10-01", "2025-10-01"),
    ("2025-10-01..2025-10-07", THURSDAY, J, SUNDAY, "2025-10-01", "2025-10-07"),
    ("2025-10-01 .. 2025-10-07", THURSDAY, J, SUNDAY, "2025-10-01", "2025-10-07"),
    ("2025-10-07..2025-10-07", THURSDAY, J, SUNDAY, "2025-10-07", "2025-10-07"),
    ("2024-01-01..2024-12-31", THURSDAY, J, SUNDAY, "2024-01-01", "2024-12-31"),
    # `now` becomes a local date in the zone: 22:30 UTC is already Friday in Jerusalem.
    ("today", "2025-10-09T22:30+00:00", J, SUNDAY, "2025-10-10", "2025-10-10"),
    ("today", "2025-10-09T22:30+00:00", LONDON, MONDAY, "2025-10-09", "2025-10-09"),
]
# fmt: on


@pytest.mark.parametrize(("text", "now", "zone", "week_start", "first", "last"), ACCEPTED)
def test_accepted_periods(
    text: str, now: str, zone: str, week_start: int, first: str, last: str
) -> None:
    instant = datetime.fromisoformat(now)
    assert parse_period(text, now=instant, zone=zone, week_starts_on=week_start) == (
        d(first),
        d(last),
    )


REFUSED = [
    ("fortnight", "'fortnight': this is not a period tcbot knows"),
    ("last weeks", "'last weeks': this is not a period tcbot knows"),
    ("   ", "Can't read the period: no period was given."),
    ("2025-02-30", "2025-02-30 is not a date on the calendar"),
    ("2025-13-01..2025-12-01", "2025-13-01 is not a date on the calendar"),
    ("2025-10-07..2025-10-01", "the range ends (2025-10-01) before it starts (2025-10-07)"),
    ("2025-01-01..2026-01-02", "the range is longer than 366 days"),
    ("last 0 days", "the number of days must be 1 to 366"),
    ("last 367 days", "the number of days must be 1 to 366"),
    ("10/07/2025", "this is not a period tcbot knows"),
]


@pytest.mark.parametrize(("text", "problem"), REFUSED)
def test_refused_periods_say_what_was_wrong_and_what_is_accepted(text: str, problem: str) -> None:
    with pytest.raises(PeriodError) as error:
        parse_period(text, now=datetime.fromisoformat(THURSDAY), zone=J, week_starts_on=SUNDAY)

    message = str(error.value)
    assert problem in message
    assert message.startswith("Can't read the period")
    assert message.endswith(
        "Try today, yesterday, this week, last week, this month, last month, last N days, "
        "a date YYYY-MM-DD, or a range YYYY-MM-DD..YYYY-MM-DD."
    )


@pytest.mark.parametrize(
    ("first", "last", "spelled"),
    [
        ("2025-10-06", "2025-10-06", "Mon 6 Oct 2025"),
        ("2025-10-05", "2025-10-09", "Sun 5 Oct – Thu 9 Oct 2025"),
        ("2025-12-29", "2026-01-04", "Mon 29 Dec 2025 – Sun 4 Jan 2026"),
        ("2024-02-01", "2024-02-29", "Thu 1 Feb – Thu 29 Feb 2024"),
    ],
)
def test_describe_period(first: str, last: str, spelled: str) -> None:
    assert describe_period(d(first), d(last)) == spelled


def test_a_huge_or_foreign_number_of_days_is_a_clear_error() -> None:
    now = datetime(2025, 10, 8, 12, tzinfo=ZoneInfo("Europe/London"))
    for text in ("last " + "9" * 5000 + " days", "last ٣ days", "last 0000 days"):
        with pytest.raises(PeriodError):
            parse_period(text, now=now, zone="Europe/London", week_starts_on=0)
    assert parse_period("last 007 days", now=now, zone="Europe/London", week_starts_on=0) == (
        date(2025, 10, 2),
        date(2025, 10, 8),
    )
