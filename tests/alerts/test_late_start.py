from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from tcbot.policy.model import Policy, Schedule, Team
from tcbot.timeclock.records import Session
from tests.alerts.make import (
    BERLIN,
    JERUSALEM,
    NEW_YORK,
    absence,
    alerts,
    at,
    company,
    details,
    work,
)

RULE = ("late_start",)


@pytest.mark.parametrize(
    ("first_punch", "expected"),
    [
        ("2025-10-06 09:10:00", []),
        (
            "2025-10-06 09:10:01",
            ["late_start 1265 2025-10-06 first punch 09:10:01, expected by 09:10"],
        ),
        ("2025-10-06 09:42", ["late_start 1265 2025-10-06 first punch 09:42, expected by 09:10"]),
    ],
)
def test_first_punch_after_the_grace(first_punch: str, expected: list[str]) -> None:
    records = company(work(first_punch, "2025-10-06 18:00"))

    found = alerts(records, now=at("2025-10-06 20:00"), rules=RULE)

    assert details(found) == expected
    if found:
        assert found[0].at == at(first_punch)
        assert found[0].subject == "2025-10-06"


def test_only_the_first_punch_of_the_day_counts() -> None:
    records = company(
        work("2025-10-06 14:00", "2025-10-06 18:00"), work("2025-10-06 08:55", "2025-10-06 13:00")
    )

    assert alerts(records, now=at("2025-10-06 20:00"), rules=RULE) == []


@pytest.mark.parametrize(
    ("records", "policy"),
    [
        pytest.param(
            [work("2025-10-06 10:00", "2025-10-06 18:00")],
            Policy(timezone=BERLIN, holidays=frozenset({date(2025, 10, 6)})),
            id="holiday",
        ),
        pytest.param(
            [work("2025-10-11 10:00", "2025-10-11 14:00")], Policy(timezone=BERLIN), id="saturday"
        ),
        pytest.param(
            [
                absence("2025-10-06 08:00", "2025-10-06 10:00"),
                work("2025-10-06 10:00", "2025-10-06 18:00"),
            ],
            Policy(timezone=BERLIN),
            id="absence-that-morning",
        ),
        pytest.param(
            [
                absence("2025-10-05 00:00", "2025-10-08 00:00"),
                work("2025-10-07 11:00", "2025-10-07 12:00"),
            ],
            Policy(timezone=BERLIN),
            id="inside-a-multi-day-absence",
        ),
    ],
)
def test_days_that_expect_no_work_are_silent(records: list[Session], policy: Policy) -> None:
    assert alerts(company(*records), now=at("2025-10-12 20:00"), policy=policy, rules=RULE) == []


def test_absence_ending_at_midnight_does_not_cover_the_next_day() -> None:
    records = company(
        absence("2025-10-06 00:00", "2025-10-07 00:00"),
        work("2025-10-07 11:00", "2025-10-07 17:00"),
    )

    found = alerts(records, now=at("2025-10-07 20:00"), rules=RULE)

    assert details(found) == ["late_start 1265 2025-10-07 first punch 11:00, expected by 09:10"]


def test_team_schedule_applies_to_members_only() -> None:
    early = Team(name="Support", members=("e1@example.com",), schedule=Schedule(start=time(8)))
    records = company(
        work("2025-10-06 08:30", "2025-10-06 17:00", who="1"),
        work("2025-10-06 08:30", "2025-10-06 17:00", who="2"),
    )

    found = alerts(
        records,
        now=at("2025-10-06 20:00"),
        policy=Policy(timezone=BERLIN, teams=(early,)),
        rules=RULE,
    )

    assert details(found) == ["late_start 1 2025-10-06 first punch 08:30, expected by 08:10"]


@pytest.mark.parametrize(
    ("zone", "punch", "late"),
    [
        (JERUSALEM, "2025-10-05 09:42", True),  # Sunday: a workday in Israel
        (JERUSALEM, "2025-10-10 09:42", False),  # Friday: weekend
        (BERLIN, "2025-10-05 09:42", False),
        (BERLIN, "2025-10-10 09:42", True),
    ],
)
def test_workweek_follows_the_timezone(zone: str, punch: str, late: bool) -> None:
    records = company(work(punch, zone=zone))

    found = alerts(records, now=at("2025-10-10 12:00", zone), policy=Policy(), rules=RULE)

    assert len(found) == int(late)


def test_employee_abroad_is_judged_in_their_own_zone() -> None:
    # 09:05 in New York is 16:05 in Jerusalem, the company's zone.
    records = company(
        work("2025-10-06 09:05", "2025-10-06 17:00", who="1", zone=NEW_YORK),
        work("2025-10-07 09:30", "2025-10-07 17:00", who="1", zone=NEW_YORK),
    )

    found = alerts(records, now=at("2025-10-07 20:00", NEW_YORK), policy=Policy(timezone=JERUSALEM))

    assert details(found) == ["late_start 1 2025-10-07 first punch 09:30, expected by 09:10"]
    assert found[0].timezone == NEW_YORK
    assert found[0].at.isoformat() == "2025-10-07T09:30:00-04:00"


def test_team_grace_override() -> None:
    relaxed = Team(name="Ops", members=("1265",), rules={"late_start_grace": timedelta(minutes=30)})
    records = company(work("2025-10-06 09:25", "2025-10-06 17:00"))

    found = alerts(
        records,
        now=at("2025-10-06 20:00"),
        policy=Policy(timezone=BERLIN, teams=(relaxed,)),
        rules=RULE,
    )

    assert found == []


def test_schedule_is_wall_clock_on_the_day_daylight_saving_ends() -> None:
    # Sun 26 Oct 2025: Israel's clocks went back at 02:00; still a workday there.
    records = company(work("2025-10-26 09:11", "2025-10-26 17:00", zone=JERUSALEM))

    found = alerts(records, now=at("2025-10-26 20:00", JERUSALEM), policy=Policy(), rules=RULE)

    assert details(found) == ["late_start 1265 2025-10-26 first punch 09:11, expected by 09:10"]
    assert found[0].at.isoformat() == "2025-10-26T09:11:00+02:00"
