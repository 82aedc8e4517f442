from __future__ import annotations

from datetime import time, timedelta

import pytest

from tcbot.policy.model import Policy, RuleLimits, Schedule, Team
from tcbot.timeclock.records import Session
from tests.alerts.make import BERLIN, absence, alerts, at, company, details, employee, work

RULE = ("missing_punch_out",)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2025-10-06 20:11:59", []),
        ("2025-10-06 20:12:00", []),  # exactly 12h open: not yet longer than the limit
        (
            "2025-10-06 20:12:01",
            [
                "missing_punch_out 1265 2025-10-06 "
                "punched in Mon 6 Oct 08:12, no punch-out after 12h"
            ],
        ),
    ],
)
def test_open_longer_than_the_limit(now: str, expected: list[str]) -> None:
    found = alerts(company(work("2025-10-06 08:12")), now=at(now), rules=RULE)

    assert details(found) == expected
    if found:
        assert found[0].at == at("2025-10-06 20:12")
        assert found[0].subject == "2025-10-06T08:12:00+02:00"
        assert found[0].ongoing
        assert found[0].timezone == BERLIN


def _late_team() -> Policy:
    support = Team(
        name="Support",
        members=("group:Support",),
        schedule=Schedule(start=time(8), end=time(17)),
        rules={"missing_punch_out_after": timedelta(hours=20)},
    )
    return Policy(timezone=BERLIN, teams=(support,))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2025-10-06 23:59:59", []),
        ("2025-10-07 00:00:00", []),
        (
            "2025-10-07 00:00:01",
            [
                "missing_punch_out 1265 2025-10-06 punched in Mon 6 Oct 09:00, "
                "no punch-out by the end of the day (scheduled end 17:00)"
            ],
        ),
    ],
)
def test_yesterdays_open_session_raised_after_midnight(now: str, expected: list[str]) -> None:
    records = company(work("2025-10-06 09:00"), people=[employee(groups=("Support",))])

    found = alerts(records, now=at(now), policy=_late_team(), rules=RULE)

    assert details(found) == expected
    if found:
        assert found[0].at == at("2025-10-07 00:00")


def test_the_earlier_moment_stays_the_alert_as_polls_go_on() -> None:
    records = company(work("2025-10-06 09:00"), people=[employee(groups=("Support",))])
    policy = _late_team()

    after_midnight = alerts(records, now=at("2025-10-07 01:00"), policy=policy, rules=RULE)
    after_limit = alerts(records, now=at("2025-10-07 06:00"), policy=policy, rules=RULE)

    assert after_midnight == after_limit
    assert after_limit[0].at == at("2025-10-07 00:00")


def test_team_limit_applies_to_members_only() -> None:
    records = company(
        work("2025-10-06 09:00", who="1"),
        work("2025-10-06 09:00", who="2"),
        people=[employee("1", groups=("Support",)), employee("2")],
    )

    found = alerts(records, now=at("2025-10-06 22:00"), policy=_late_team(), rules=RULE)

    assert details(found) == [
        "missing_punch_out 2 2025-10-06 punched in Mon 6 Oct 09:00, no punch-out after 12h"
    ]


@pytest.mark.parametrize(
    ("records", "now"),
    [
        pytest.param(work("2025-10-06 08:00", "2025-10-06 17:00"), "2025-10-07 12:00", id="closed"),
        pytest.param(absence("2025-10-06 00:00", None), "2025-10-07 12:00", id="open-absence"),
        # A night shift in progress is not flagged at midnight, only after the limit.
        pytest.param(work("2025-10-06 22:00"), "2025-10-07 01:00", id="night-shift-running"),
    ],
)
def test_nothing_to_raise(records: Session, now: str) -> None:
    assert alerts(company(records), now=at(now), rules=RULE) == []


def test_saturday_punch_out_forgotten_is_still_an_alert() -> None:
    found = alerts(company(work("2025-10-11 10:00")), now=at("2025-10-12 10:00"), rules=RULE)

    assert details(found) == [
        "missing_punch_out 1265 2025-10-11 punched in Sat 11 Oct 10:00, no punch-out after 12h"
    ]


@pytest.mark.parametrize(
    ("now", "count"),
    [
        ("2025-10-26 05:00:00", 0),  # 8h of real time after 22:00 CEST is 05:00 CET
        ("2025-10-26 05:00:01", 1),
    ],
)
def test_limit_counts_real_hours_across_the_dst_night(now: str, count: int) -> None:
    policy = Policy(timezone=BERLIN, rules=RuleLimits(missing_punch_out_after=timedelta(hours=8)))

    found = alerts(company(work("2025-10-25 22:00")), now=at(now), policy=policy, rules=RULE)

    assert len(found) == count
    if found:
        assert found[0].at.isoformat() == "2025-10-26T05:00:00+01:00"
        assert found[0].detail == "punched in Sat 25 Oct 22:00, no punch-out after 8h"
