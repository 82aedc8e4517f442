from __future__ import annotations

from datetime import timedelta

import pytest

from tcbot.policy.model import Policy, Team
from tests.alerts.make import BERLIN, alerts, at, company, details, employee, lunch, work

RULE = ("long_lunch",)
NOW = at("2025-10-06 18:00")


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        ("2025-10-06 12:45:00", []),
        (
            "2025-10-06 12:45:01",
            ["long_lunch 1265 2025-10-06 lunch 12:00–12:45:01 took 45m1s, limit 45m"],
        ),
        ("2025-10-06 13:02", ["long_lunch 1265 2025-10-06 lunch 12:00–13:02 took 1h2m, limit 45m"]),
    ],
)
def test_closed_lunch_over_the_limit(end: str, expected: list[str]) -> None:
    records = company(
        work("2025-10-06 08:00", "2025-10-06 17:00", lunches=[("2025-10-06 12:00", end)])
    )

    found = alerts(records, now=NOW, rules=RULE)

    assert details(found) == expected
    if found:
        assert found[0].at == at(end)
        assert found[0].subject == "2025-10-06T12:00:00+02:00"
        assert not found[0].ongoing


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2025-10-06 12:50:00", []),
        ("2025-10-06 12:50:01", ["long_lunch 1265 2025-10-06 on lunch since 12:05, over 45m"]),
        ("2025-10-06 14:30", ["long_lunch 1265 2025-10-06 on lunch since 12:05, over 45m"]),
    ],
)
def test_open_lunch_raised_while_it_runs(now: str, expected: list[str]) -> None:
    records = company(work("2025-10-06 08:00", lunches=[("2025-10-06 12:05", None)]))

    found = alerts(records, now=at(now), rules=RULE)

    assert details(found) == expected
    if found:
        assert found[0].at == at("2025-10-06 12:50")
        assert found[0].ongoing


def test_lunch_closing_keeps_its_key() -> None:
    running = company(work("2025-10-06 08:00", lunches=[("2025-10-06 12:05", None)]))
    ended = company(
        work(
            "2025-10-06 08:00",
            "2025-10-06 17:00",
            lunches=[("2025-10-06 12:05", "2025-10-06 13:10")],
        )
    )

    before = alerts(running, now=at("2025-10-06 13:00"), rules=RULE)
    after = alerts(ended, now=at("2025-10-06 18:00"), rules=RULE)

    assert (
        [a.key for a in before]
        == [a.key for a in after]
        == ["long_lunch:1265:2025-10-06T12:05:00+02:00"]
    )
    assert after[0].detail == "lunch 12:05–13:10 took 1h5m, limit 45m"


def test_lunch_left_open_since_yesterday_is_reported_as_never_ended() -> None:
    records = company(lunches=[lunch("2025-10-06 12:05")])

    found = alerts(records, now=at("2025-10-07 09:00"), rules=RULE)

    assert details(found) == [
        "long_lunch 1265 2025-10-06 lunch from Mon 6 Oct 12:05 never ended, limit 45m"
    ]
    assert found[0].at == at("2025-10-06 12:50")
    assert not found[0].ongoing


def test_team_override_of_the_lunch_limit() -> None:
    support = Team(name="Support", members=("1",), rules={"long_lunch": timedelta(minutes=60)})
    records = company(
        lunches=[
            lunch("2025-10-06 12:00", "2025-10-06 12:50", who="1"),
            lunch("2025-10-06 12:00", "2025-10-06 12:50", who="2"),
        ],
        people=[employee("1"), employee("2")],
    )

    found = alerts(records, now=NOW, policy=Policy(timezone=BERLIN, teams=(support,)), rules=RULE)

    assert details(found) == ["long_lunch 2 2025-10-06 lunch 12:00–12:50 took 50m, limit 45m"]


def test_lunch_given_twice_is_one_alert() -> None:
    session = work(
        "2025-10-06 08:00", "2025-10-06 17:00", lunches=[("2025-10-06 12:00", "2025-10-06 13:00")]
    )
    records = company(session, lunches=[lunch("2025-10-06 12:00", "2025-10-06 13:00")])

    assert len(alerts(records, now=NOW, rules=RULE)) == 1
