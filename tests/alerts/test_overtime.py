from __future__ import annotations

from datetime import timedelta

import pytest

from tcbot.policy.model import Policy, Team
from tcbot.timeclock.records import Session
from tests.alerts.make import (
    BERLIN,
    JERUSALEM,
    absence,
    alerts,
    at,
    company,
    details,
    work,
)

DAY = ("overtime_day",)
WEEK = ("overtime_week",)


@pytest.mark.parametrize(
    ("end", "count"),
    [
        ("2025-10-06 18:00:00", 0),  # exactly 10h
        ("2025-10-06 18:00:01", 1),
    ],
)
def test_day_limit_boundary(end: str, count: int) -> None:
    found = alerts(company(work("2025-10-06 08:00", end)), now=at("2025-10-06 20:00"), rules=DAY)

    assert len(found) == count


def test_long_day_reads_as_a_manager_would() -> None:
    records = company(
        work(
            "2025-10-06 07:00",
            "2025-10-06 18:55",
            lunches=[("2025-10-06 12:00", "2025-10-06 12:30")],
        )
    )

    found = alerts(records, now=at("2025-10-06 20:00"), rules=DAY)

    assert details(found) == ["overtime_day 1265 2025-10-06 worked 11h25m on Mon 6 Oct, limit 10h"]
    # The limit was crossed 1h25m before the punch-out.
    assert found[0].at == at("2025-10-06 17:30")
    assert found[0].subject == "2025-10-06"


def test_crossing_moment_stays_put_while_the_session_runs() -> None:
    records = company(work("2025-10-06 07:00"))

    first = alerts(records, now=at("2025-10-06 17:30"), rules=DAY)
    later = alerts(records, now=at("2025-10-06 18:45"), rules=DAY)

    assert [a.at for a in first] == [a.at for a in later] == [at("2025-10-06 17:00")]
    assert later[0].detail == "worked 11h45m on Mon 6 Oct, limit 10h"


def test_absences_are_not_worked_time() -> None:
    records = company(
        absence("2025-10-06 00:00", "2025-10-07 00:00"),
        work("2025-10-06 08:00", "2025-10-06 17:00"),
    )

    assert alerts(records, now=at("2025-10-06 20:00"), rules=DAY + WEEK) == []


def test_team_limit_override() -> None:
    long_days = Team(name="Field", members=("1",), rules={"overtime_day": timedelta(hours=12)})
    records = company(
        work("2025-10-06 07:00", "2025-10-06 18:00", who="1"),
        work("2025-10-06 07:00", "2025-10-06 18:00", who="2"),
    )

    found = alerts(
        records,
        now=at("2025-10-06 20:00"),
        policy=Policy(timezone=BERLIN, teams=(long_days,)),
        rules=DAY,
    )

    assert details(found) == ["overtime_day 2 2025-10-06 worked 11h on Mon 6 Oct, limit 10h"]


def _five_days(first_day: int, zone: str, end: str = "17:30") -> list[Session]:
    return [
        work(f"2025-10-{day:02d} 08:00", f"2025-10-{day:02d} {end}", zone=zone)
        for day in range(first_day, first_day + 5)
    ]


def test_week_over_the_limit() -> None:
    records = company(*_five_days(6, BERLIN))  # Mon-Fri, 9h30m each

    found = alerts(records, now=at("2025-10-12 20:00"), rules=WEEK)

    assert details(found) == [
        "overtime_week 1265 2025-10-06 worked 47h30m in the week of Mon 6 Oct, limit 45h"
    ]
    assert found[0].subject == "week:2025-10-06"
    # 38h by Thursday evening; the 45th hour ended at 15:00 on Friday.
    assert found[0].at == at("2025-10-10 15:00")


def test_week_exactly_at_the_limit_is_fine() -> None:
    records = company(*_five_days(6, BERLIN, end="17:00"))  # 5 x 9h

    assert alerts(records, now=at("2025-10-12 20:00"), rules=WEEK) == []


def test_week_starts_on_sunday_in_jerusalem() -> None:
    records = company(*_five_days(5, JERUSALEM))  # Sun-Thu

    found = alerts(records, now=at("2025-10-11 20:00", JERUSALEM), policy=Policy(), rules=WEEK)

    assert [(a.subject, a.date.isoformat()) for a in found] == [("week:2025-10-05", "2025-10-05")]
    assert found[0].detail == "worked 47h30m in the week of Sun 5 Oct, limit 45h"


def test_a_week_meeting_the_judged_days_counts_whole() -> None:
    records = company(*_five_days(6, BERLIN))

    judged_wednesday = alerts(
        records, now=at("2025-10-20 12:00"), start="2025-10-08", end="2025-10-08", rules=DAY + WEEK
    )
    next_week = alerts(
        records, now=at("2025-10-20 12:00"), start="2025-10-13", end="2025-10-19", rules=WEEK
    )

    assert [a.subject for a in judged_wednesday] == ["week:2025-10-06"]
    assert next_week == []


def test_night_when_clocks_go_back_is_an_hour_longer() -> None:
    # Berlin, Sat 25 -> Sun 26 Oct 2025: midnight to 08:00 on Sunday is 9 real hours.
    policy = Policy(
        timezone=BERLIN,
        teams=(
            Team(
                name="Nights",
                members=("1265",),
                rules={"overtime_day": timedelta(hours=8, minutes=30)},
            ),
        ),
    )
    records = company(work("2025-10-25 22:00", "2025-10-26 08:00"))

    found = alerts(records, now=at("2025-10-26 12:00"), policy=policy, rules=DAY)

    assert details(found) == ["overtime_day 1265 2025-10-26 worked 9h on Sun 26 Oct, limit 8h30m"]
    assert found[0].at.isoformat() == "2025-10-26T07:30:00+01:00"
