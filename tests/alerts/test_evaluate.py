from __future__ import annotations

from datetime import datetime, time

import pytest

from tcbot.alerts.evaluate import evaluate
from tcbot.errors import PeriodError
from tcbot.policy.model import Policy, Schedule, Team
from tcbot.timeclock.records import Attendance
from tests.alerts.make import (
    BERLIN,
    absence,
    alerts,
    at,
    company,
    day,
    details,
    employee,
    work,
)


def _busy_monday() -> Attendance:
    """Mon 6 Oct: 1 came late, lunched long and never punched out; 2 never came; 3 worked 12h."""
    return company(
        work("2025-10-06 09:30", who="1", lunches=[("2025-10-06 12:00", "2025-10-06 13:00")]),
        work("2025-10-06 07:00", "2025-10-06 19:00", who="3"),
        people=[employee("1"), employee("2"), employee("3")],
    )


def test_every_rule_in_order_of_when_it_happened() -> None:
    found = alerts(_busy_monday(), now=at("2025-10-06 22:00"), start="2025-10-06", end="2025-10-06")

    assert details(found) == [
        "late_start 1 2025-10-06 first punch 09:30, expected by 09:10",
        "no_show 2 2025-10-06 no punch by 11:00, schedule starts 09:00",
        "long_lunch 1 2025-10-06 lunch 12:00–13:00 took 1h, limit 45m",
        "overtime_day 3 2025-10-06 worked 12h on Mon 6 Oct, limit 10h",
        "missing_punch_out 1 2025-10-06 punched in Mon 6 Oct 09:30, no punch-out after 12h",
    ]
    assert [a.at.strftime("%H:%M") for a in found] == ["09:30", "11:00", "13:00", "17:00", "21:30"]


def test_rules_can_be_chosen() -> None:
    found = alerts(_busy_monday(), now=at("2025-10-06 22:00"), rules=("no_show", "long_lunch"))

    assert [a.rule for a in found] == ["no_show", "long_lunch"]


def test_exempt_employee_is_never_alerted() -> None:
    # Exempt by number, by email and by group; nobody needs to be a member.
    team = Team(name="Owners", exempt=("1", "e2@example.com", "group:Board"))
    records = _busy_monday()
    records.employees["3"] = employee("3", groups=("Board",))

    found = alerts(
        records, now=at("2025-10-07 22:00"), policy=Policy(timezone=BERLIN, teams=(team,))
    )

    assert found == []
    unexempt = alerts(records, now=at("2025-10-07 22:00"), policy=Policy(timezone=BERLIN))
    assert {a.employee for a in unexempt} == {"1", "2", "3"}


def test_overnight_shift_that_ends_normally_raises_nothing() -> None:
    nights = Team(name="Nights", members=("1265",), schedule=Schedule(start=time(22), end=time(6)))
    records = company(work("2025-10-06 22:00", "2025-10-07 06:00"))
    policy = Policy(timezone=BERLIN, teams=(nights,))

    while_running = alerts(
        records, now=at("2025-10-07 01:00"), policy=policy, start="2025-10-06", end="2025-10-06"
    )
    next_morning = alerts(
        records, now=at("2025-10-07 07:00"), policy=policy, start="2025-10-06", end="2025-10-06"
    )

    assert while_running == next_morning == []


def test_only_days_between_start_and_end_are_judged() -> None:
    records = company(
        work("2025-10-06 10:00", "2025-10-06 17:00"),  # late on Monday
        work("2025-10-07 10:00", "2025-10-07 17:00"),  # late on Tuesday
        work("2025-10-08 10:00", "2025-10-08 17:00"),  # late on Wednesday
        work("2025-10-09 09:00", lunches=[("2025-10-09 12:00", "2025-10-09 14:00")]),
    )

    found = alerts(records, now=at("2025-10-12 12:00"), start="2025-10-07", end="2025-10-08")

    assert [(a.rule, a.subject) for a in found] == [
        ("late_start", "2025-10-07"),
        ("late_start", "2025-10-08"),
    ]


def test_days_after_today_are_not_judged() -> None:
    found = alerts(
        company(people=[employee()]),
        now=at("2025-10-07 12:00"),
        start="2025-10-06",
        end="2025-10-31",
    )

    assert [(a.rule, a.subject) for a in found] == [
        ("no_show", "2025-10-06"),
        ("no_show", "2025-10-07"),
    ]


def test_without_start_and_end_the_data_from_its_first_day_up_to_now() -> None:
    records = company(work("2025-10-09 09:00", "2025-10-09 17:00"))

    found = alerts(records, now=at("2025-10-13 12:00"))

    assert [(a.rule, a.subject) for a in found] == [
        ("no_show", "2025-10-10"),
        ("no_show", "2025-10-13"),
    ]


def test_same_alert_has_the_same_key_on_a_later_poll() -> None:
    records = company(
        work("2025-10-06 06:00", who="1", lunches=[("2025-10-06 12:00", "2025-10-06 13:00")]),
        work("2025-10-06 08:00", who="3", lunches=[("2025-10-06 12:00", None)]),
        people=[employee("2")],
    )

    first = alerts(records, now=at("2025-10-06 17:30"), start="2025-10-06")
    later = alerts(records, now=at("2025-10-06 17:45"), start="2025-10-06")

    assert [a.key for a in first] == [a.key for a in later]
    assert [a.key for a in later] == [
        "no_show:2:2025-10-06",
        "long_lunch:3:2025-10-06T12:00:00+02:00",
        "long_lunch:1:2025-10-06T12:00:00+02:00",
        "overtime_day:1:2025-10-06",
    ]
    assert [a.at for a in first] == [a.at for a in later]


def test_absence_silences_the_day_but_punches_still_count() -> None:
    records = company(
        absence("2025-10-06 00:00", "2025-10-07 00:00"),
        work("2025-10-06 13:00", lunches=[("2025-10-06 14:00", "2025-10-06 15:00")]),
    )

    found = alerts(records, now=at("2025-10-07 09:00"), start="2025-10-06", end="2025-10-06")

    assert [a.rule for a in found] == ["long_lunch", "missing_punch_out"]
    assert all("absen" not in a.detail for a in found)


def test_scan_json_line() -> None:
    found = alerts(
        company(work("2025-10-06 09:42", "2025-10-06 17:00")), now=at("2025-10-06 20:00")
    )

    assert [a.as_json() for a in found] == [
        {
            "rule": "late_start",
            "employee": "1265",
            "email": "e1265@example.com",
            "date": "2025-10-06",
            "at": "2025-10-06T09:42:00+02:00",
            "detail": "first punch 09:42, expected by 09:10",
        }
    ]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"rules": ("late_start", "lateness")}, ValueError, "unknown rules ['lateness']"),
        ({"start": day("2025-10-08"), "end": day("2025-10-06")}, PeriodError, "swap the dates"),
        ({"now": datetime(2025, 10, 6, 12)}, ValueError, "aware"),
    ],
)
def test_bad_arguments_say_what_is_wrong(kwargs: dict, error: type, message: str) -> None:
    arguments = {"now": at("2025-10-06 12:00"), **kwargs}

    with pytest.raises(error, match=message.replace("[", r"\[").replace("]", r"\]")):
        evaluate(company(), Policy(timezone=BERLIN), **arguments)
