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
    employee,
    work,
)

RULE = ("no_show",)
NOBODY = [employee()]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2025-10-06 10:59:59", []),
        ("2025-10-06 11:00:00", []),
        (
            "2025-10-06 11:00:01",
            ["no_show 1265 2025-10-06 no punch by 11:00, schedule starts 09:00"],
        ),
    ],
)
def test_no_punch_by_the_deadline(now: str, expected: list[str]) -> None:
    found = alerts(
        company(people=NOBODY), now=at(now), start="2025-10-06", end="2025-10-06", rules=RULE
    )

    assert details(found) == expected
    if found:
        assert found[0].at == at("2025-10-06 11:00")
        assert found[0].subject == "2025-10-06"
        assert found[0].email == "e1265@example.com"


def test_a_punch_after_the_deadline_silences_it() -> None:
    records = company(work("2025-10-06 11:30"))

    found = alerts(records, now=at("2025-10-06 12:00"), rules=("no_show", "late_start"))

    assert details(found) == ["late_start 1265 2025-10-06 first punch 11:30, expected by 09:10"]


def test_night_shift_running_into_the_morning_is_not_a_no_show() -> None:
    records = company(work("2025-10-05 22:00", "2025-10-06 10:00"))

    found = alerts(
        records, now=at("2025-10-06 12:00"), start="2025-10-06", end="2025-10-06", rules=RULE
    )

    assert found == []


@pytest.mark.parametrize(
    ("records", "policy", "judged"),
    [
        pytest.param(
            [],
            Policy(timezone=BERLIN, holidays=frozenset({date(2025, 10, 6)})),
            "2025-10-06",
            id="holiday",
        ),
        pytest.param([], Policy(timezone=BERLIN), "2025-10-11", id="saturday"),
        pytest.param(
            [absence("2025-10-06 00:00", "2025-10-07 00:00")],
            Policy(timezone=BERLIN),
            "2025-10-06",
            id="absence",
        ),
        pytest.param(
            [absence("2025-10-01 00:00", None)],
            Policy(timezone=BERLIN),
            "2025-10-06",
            id="open-absence",
        ),
    ],
)
def test_days_that_expect_no_work_are_silent(
    records: list[Session], policy: Policy, judged: str
) -> None:
    found = alerts(
        company(*records, people=NOBODY),
        now=at("2025-10-12 12:00"),
        policy=policy,
        start=judged,
        end=judged,
        rules=RULE,
    )

    assert found == []


@pytest.mark.parametrize(
    ("zone", "expected_days"),
    [
        (JERUSALEM, ["2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08", "2025-10-09"]),
        (BERLIN, ["2025-10-06", "2025-10-07", "2025-10-08", "2025-10-09", "2025-10-10"]),
    ],
)
def test_workweek_follows_the_company_zone(zone: str, expected_days: list[str]) -> None:
    found = alerts(
        company(people=NOBODY),
        now=at("2025-10-12 12:00", zone),
        policy=Policy(timezone=zone),
        start="2025-10-04",
        end="2025-10-11",
        rules=RULE,
    )

    assert [a.subject for a in found] == expected_days


def test_employee_abroad_is_judged_in_their_own_zone() -> None:
    # 11:00 in New York; 18:00 in the company's Jerusalem. One punch last week gives the zone.
    records = company(work("2025-10-03 09:00", "2025-10-03 17:00", zone=NEW_YORK))
    policy = Policy(timezone=JERUSALEM)

    before = alerts(
        records, now=at("2025-10-06 11:00", NEW_YORK), policy=policy, start="2025-10-06", rules=RULE
    )
    after = alerts(
        records, now=at("2025-10-06 11:01", NEW_YORK), policy=policy, start="2025-10-06", rules=RULE
    )

    assert before == []
    assert details(after) == ["no_show 1265 2025-10-06 no punch by 11:00, schedule starts 09:00"]
    assert after[0].at.isoformat() == "2025-10-06T11:00:00-04:00"


def test_team_schedule_and_wait() -> None:
    early = Team(
        name="Support",
        members=("1265",),
        schedule=Schedule(start=time(7)),
        rules={"no_show_after": timedelta(minutes=30)},
    )

    found = alerts(
        company(people=NOBODY),
        now=at("2025-10-06 08:00"),
        policy=Policy(timezone=BERLIN, teams=(early,)),
        start="2025-10-06",
        end="2025-10-10",
        rules=RULE,
    )

    assert details(found) == ["no_show 1265 2025-10-06 no punch by 07:30, schedule starts 07:00"]
