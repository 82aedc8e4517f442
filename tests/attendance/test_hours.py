from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tcbot.attendance.hours import Hours, OpenSession, count_hours
from tcbot.policy.model import Policy, Team
from tcbot.timeclock.records import Employee, Lunch, Session

J = "Asia/Jerusalem"
LONDON = "Europe/London"
H = 3600
M = 60
DANA = Employee(number="1265", email="dana@example.com")


def at(text: str, zone: str = J) -> datetime:
    # fold=0: of an ambiguous local time, the first occurrence (as the client reads them).
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def work(
    start: str,
    end: str | None,
    zone: str = J,
    *,
    is_absence: bool = False,
    lunches: tuple[Lunch, ...] = (),
) -> Session:
    finish = at(end, zone) if end else None
    return Session("1265", at(start, zone), finish, zone, lunches=lunches, is_absence=is_absence)


def lunch(start: str, end: str | None, zone: str = J) -> Lunch:
    return Lunch("1265", at(start, zone), at(end, zone) if end else None, zone)


@dataclass
class Case:
    id: str
    sessions: list[Session]
    worked: dict[str, int]  # worked seconds by day; days not named must be 0
    lunch: int = 0
    gross: int | None = None  # default: worked + lunch (or worked when lunches are paid)
    lunches: list[Lunch] = field(default_factory=list)
    start: date = date(2025, 10, 5)
    end: date = date(2025, 10, 11)
    zone: str = J
    now: datetime = at("2025-10-20 12:00")
    policy: Policy = Policy()
    open_sessions: list[tuple[str, bool]] = field(default_factory=list)


CASES = [
    Case("simple day", [work("2025-10-06 09:00", "2025-10-06 17:00")], {"2025-10-06": 8 * H}),
    Case(
        "lunch subtracted",
        [work("2025-10-06 09:00", "2025-10-06 17:00")],
        {"2025-10-06": 7 * H + 30 * M},
        lunch=30 * M,
        lunches=[lunch("2025-10-06 12:00", "2025-10-06 12:30")],
    ),
    Case(
        "lunch is paid",
        [work("2025-10-06 09:00", "2025-10-06 17:00")],
        {"2025-10-06": 8 * H},
        lunch=30 * M,
        gross=8 * H,
        lunches=[lunch("2025-10-06 12:00", "2025-10-06 12:30")],
        policy=Policy(lunch_is_paid=True),
    ),
    Case(
        "duplicated punches count once",
        [work("2025-10-06 09:00", "2025-10-06 17:00")] * 2,
        {"2025-10-06": 8 * H},
    ),
    Case(
        "overlapping punches count once",
        [
            work("2025-10-06 12:00", "2025-10-06 17:00"),
            work("2025-10-06 09:00", "2025-10-06 13:00"),
        ],
        {"2025-10-06": 8 * H},
    ),
    Case(
        "lunch outside any session counts nothing",
        [work("2025-10-06 09:00", "2025-10-06 12:00")],
        {"2025-10-06": 3 * H},
        lunches=[lunch("2025-10-06 13:00", "2025-10-06 13:30")],
    ),
    Case(
        "lunch partly outside is clipped",
        [work("2025-10-06 09:00", "2025-10-06 12:00")],
        {"2025-10-06": 2 * H + 45 * M},
        lunch=15 * M,
        lunches=[lunch("2025-10-06 11:45", "2025-10-06 12:30")],
    ),
    Case(
        "a lunch given nested and separately counts once",
        [
            work(
                "2025-10-06 09:00",
                "2025-10-06 17:00",
                lunches=(lunch("2025-10-06 12:00", "2025-10-06 13:00"),),
            )
        ],
        {"2025-10-06": 7 * H},
        lunch=1 * H,
        lunches=[lunch("2025-10-06 12:00", "2025-10-06 13:00")],
    ),
    Case(
        "session across midnight is split",
        [work("2025-10-06 20:00", "2025-10-07 04:00")],
        {"2025-10-06": 4 * H, "2025-10-07": 4 * H},
    ),
    Case(
        "session begun the day before the period counts its part inside",
        [work("2025-10-06 22:00", "2025-10-07 06:00")],
        {"2025-10-07": 6 * H},
        start=date(2025, 10, 7),
        end=date(2025, 10, 7),
    ),
    Case(
        "sessions across both week boundaries",
        [
            work("2025-10-04 23:00", "2025-10-05 01:00"),
            work("2025-10-11 22:00", "2025-10-12 02:00"),
        ],
        {"2025-10-05": 1 * H, "2025-10-11": 2 * H},
    ),
    Case(
        "Jerusalem spring forward: a 22:00-06:00 night is 7 h",
        [work("2025-03-27 22:00", "2025-03-28 06:00")],
        {"2025-03-27": 2 * H, "2025-03-28": 5 * H},
        start=date(2025, 3, 27),
        end=date(2025, 3, 28),
    ),
    Case(
        "Jerusalem fall back: a 22:00-06:00 night is 9 h",
        [work("2025-10-25 22:00", "2025-10-26 06:00")],
        {"2025-10-25": 2 * H, "2025-10-26": 7 * H},
        start=date(2025, 10, 25),
        end=date(2025, 10, 26),
        now=at("2025-11-01 12:00"),
    ),
    Case(
        "London spring forward: 7 h",
        [work("2025-03-29 22:00", "2025-03-30 06:00", LONDON)],
        {"2025-03-29": 2 * H, "2025-03-30": 5 * H},
        start=date(2025, 3, 29),
        end=date(2025, 3, 30),
        zone=LONDON,
    ),
    Case(
        "London fall back: 9 h",
        [work("2025-10-25 22:00", "2025-10-26 06:00", LONDON)],
        {"2025-10-25": 2 * H, "2025-10-26": 7 * H},
        start=date(2025, 10, 25),
        end=date(2025, 10, 26),
        zone=LONDON,
        now=at("2025-11-01 12:00"),
    ),
    Case(
        # 20:00-23:30 in London (UTC+1) is 22:00-01:30 in Jerusalem (UTC+3).
        "employee abroad: days are cut in the company zone",
        [work("2025-10-06 20:00", "2025-10-06 23:30", LONDON)],
        {"2025-10-06": 2 * H, "2025-10-07": 1 * H + 30 * M},
    ),
    Case(
        "open session younger than the limit counts up to now",
        [work("2025-10-06 09:00", None)],
        {"2025-10-06": 4 * H},
        now=at("2025-10-06 13:00"),
        open_sessions=[("2025-10-06T09:00:00+03:00", True)],
    ),
    Case(
        "open session older than the limit is not counted",
        [work("2025-10-06 09:00", "2025-10-06 10:00"), work("2025-10-06 11:00", None)],
        {"2025-10-06": 1 * H},
        now=at("2025-10-06 23:30"),
        open_sessions=[("2025-10-06T11:00:00+03:00", False)],
    ),
    Case(
        "a team's missing_punch_out_after applies",
        [work("2025-10-06 09:00", None)],
        {},
        now=at("2025-10-06 12:00"),
        policy=Policy(
            teams=(
                Team(
                    name="Night",
                    members=("1265",),
                    rules={"missing_punch_out_after": timedelta(hours=2)},
                ),
            )
        ),
        open_sessions=[("2025-10-06T09:00:00+03:00", False)],
    ),
    Case(
        "open session begun after the period is not listed",
        [work("2025-10-13 09:00", None)],
        {},
        now=at("2025-10-13 10:00"),
    ),
    Case(
        "open lunch counts up to now",
        [work("2025-10-06 09:00", None)],
        {"2025-10-06": 3 * H},
        lunch=20 * M,
        lunches=[lunch("2025-10-06 12:00", None)],
        now=at("2025-10-06 12:20"),
        open_sessions=[("2025-10-06T09:00:00+03:00", True)],
    ),
    Case(
        "absence is not worked time",
        [work("2025-10-06 09:00", "2025-10-06 17:00", is_absence=True)],
        {},
    ),
    Case(
        "nothing counts after now, and a punch-out after now is still open",
        [
            work("2025-10-06 09:00", "2025-10-06 17:00"),
            work("2025-10-07 09:00", "2025-10-07 17:00"),
        ],
        {"2025-10-06": 3 * H},
        now=at("2025-10-06 12:00"),
        open_sessions=[("2025-10-06T09:00:00+03:00", True)],
    ),
    Case(
        "parts of a second are floored per day, and days add up",
        [work("2025-10-06 23:59:59", None)],
        {"2025-10-06": 1, "2025-10-07": 10},
        now=at("2025-10-07 00:00:10.999999"),
        open_sessions=[("2025-10-06T23:59:59+03:00", True)],
    ),
]


def count(case: Case) -> Hours:
    return count_hours(
        DANA,
        case.sessions,
        case.lunches,
        start=case.start,
        end=case.end,
        zone=case.zone,
        policy=case.policy,
        now=case.now,
    )


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_count_hours(case: Case) -> None:
    hours = count(case)

    days = {day.date.isoformat(): day.worked_seconds for day in hours.days}
    period_days = (case.end - case.start).days + 1
    assert [day.date for day in hours.days] == [
        case.start + timedelta(days=i) for i in range(period_days)
    ]
    assert {d: s for d, s in days.items() if s} == case.worked
    assert hours.worked_seconds == sum(case.worked.values())
    assert hours.lunch_seconds == case.lunch
    paid = case.policy.lunch_is_paid
    expected_gross = case.gross if case.gross is not None else hours.worked_seconds + case.lunch
    assert hours.gross_seconds == expected_gross
    assert [(o.start.isoformat(), o.counted) for o in hours.open_sessions] == case.open_sessions
    for day in hours.days:
        lunch_part = 0 if paid else day.lunch_seconds
        assert day.worked_seconds == day.gross_seconds - lunch_part


def test_as_json_has_exactly_the_product_keys() -> None:
    hours = count_hours(
        DANA,
        [work("2025-10-06 09:00", "2025-10-06 17:00"), work("2025-10-07 09:00", None)],
        [lunch("2025-10-06 12:00", "2025-10-06 12:30")],
        start=date(2025, 10, 6),
        end=date(2025, 10, 7),
        zone=J,
        policy=Policy(),
        now=at("2025-10-07 10:00"),
    )

    line = json.loads(json.dumps(hours.as_json()))

    assert line == {
        "employee": "1265",
        "email": "dana@example.com",
        "from": "2025-10-06",
        "to": "2025-10-07",
        "worked_seconds": 7 * H + 30 * M + 1 * H,
        "lunch_seconds": 30 * M,
        "gross_seconds": 8 * H + 1 * H,
        "days": [
            {"date": "2025-10-06", "worked_seconds": 7 * H + 30 * M},
            {"date": "2025-10-07", "worked_seconds": 1 * H},
        ],
        "open_sessions": [{"start": "2025-10-07T09:00:00+03:00", "counted": True}],
    }
    assert hours.open_sessions == (OpenSession(start=at("2025-10-07 09:00"), counted=True),)


def test_a_reversed_period_or_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        count_hours(
            DANA, [], [], start=date(2025, 10, 7), end=date(2025, 10, 6), zone=J,
            policy=Policy(), now=at("2025-10-07 10:00"),
        )  # fmt: skip
    with pytest.raises(ValueError, match="aware"):
        count_hours(
            DANA, [], [], start=date(2025, 10, 6), end=date(2025, 10, 6), zone=J,
            policy=Policy(), now=datetime(2025, 10, 7, 10),
        )  # fmt: skip
