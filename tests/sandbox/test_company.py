from __future__ import annotations

import tomllib
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest

from tcbot.sandbox.company import Company, SandboxError, build_company
from tcbot.sandbox.render import render_reply
from tests.sandbox.conftest import NOW

KINDS = {
    "missing_punch_out",
    "long_lunch",
    "open_lunch",
    "late_start",
    "no_show",
    "overnight",
    "absence",
    "overtime_day",
    "overtime_week",
    "duplicate_punch",
}


def test_first_employees_are_the_documented_people(company: Company) -> None:
    dana = company.person(1001)
    assert (dana.name, dana.email, dana.groups, dana.timezone) == (
        "Dana Levi",
        "dana@example.com",
        ("Support",),
        "Asia/Jerusalem",
    )
    assert [p.number for p in company.people] == list(range(1001, 1041))
    assert {p.timezone for p in company.people} >= {
        "Asia/Jerusalem",
        "Europe/London",
        "America/New_York",
    }


def test_every_kind_is_planted_once_in_a_small_company(company: Company) -> None:
    kinds = [case.kind for case in company.planted]
    assert set(kinds) == KINDS
    # Two forgotten punch-outs: one from yesterday and one older.
    days = sorted(case.day for case in company.planted if case.kind == "missing_punch_out")
    assert days[-1] == date(2025, 10, 27) and days[0] < date(2025, 10, 27)
    # The clock change of 2025-10-26 is in range, so one night shift crosses it.
    assert any("clock change of 2025-10-26" in case.note for case in company.planted)


def test_same_arguments_give_the_same_company() -> None:
    one, two = build_company(now=NOW, seed=11), build_company(now=NOW, seed=11)
    other = build_company(now=NOW, seed=12)
    reply = [
        render_reply(c, "timesheet", date(2025, 10, 15), date(2025, 10, 28), 1)
        for c in (one, two, other)
    ]
    assert reply[0] == reply[1] != reply[2]
    assert one.planted == two.planted


def test_a_person_is_the_same_in_any_company_size() -> None:
    small, large = build_company(now=NOW, employees=10), build_company(now=NOW, employees=300)
    assert small.shifts_of(1001) == large.shifts_of(1001)
    assert small.person(1009) == large.person(1009)


def test_large_companies_get_proportionally_more_cases_and_unique_emails() -> None:
    company = build_company(now=NOW, employees=2000)
    planted_people = {case.employee_number for case in company.planted}
    assert 20 <= len(planted_people) <= 60
    emails = [p.clean_email for p in company.people]
    assert len(set(emails)) == 2000
    assert any(p.email != p.clean_email for p in company.people)


def test_ordinary_days_stay_within_every_default_limit(company: Company) -> None:
    planted = {case.employee_number for case in company.planted}
    for person in company.people:
        if person.number in planted:
            continue
        weeks: dict[date, timedelta] = defaultdict(timedelta)
        for shift in company.shifts_of(person.number):
            assert shift.end is not None and shift.absence is None
            lunch = sum((x.end - x.start for x in shift.lunches if x.end), timedelta())
            assert shift.start.time() < datetime(1, 1, 1, 9, 10).time()
            assert timedelta(minutes=20) <= lunch < timedelta(minutes=45)
            assert shift.end - shift.start < timedelta(hours=10)
            sunday = shift.start.date() - timedelta(days=(shift.start.weekday() + 1) % 7)
            weeks[sunday] += shift.end - shift.start - lunch
        assert max(weeks.values()) < timedelta(hours=45)


def test_planted_overtime_week_is_over_45_hours(company: Company) -> None:
    case = next(c for c in company.planted if c.kind == "overtime_week")
    week = [
        s
        for s in company.shifts_of(case.employee_number)
        if case.day <= s.start.date() < case.day + timedelta(days=7)
    ]
    worked = sum(
        (s.end - s.start - (s.lunches[0].end - s.lunches[0].start) for s in week), timedelta()
    )
    assert worked == timedelta(hours=47, minutes=30)


def test_now_only_as_aware_datetime_and_today_must_agree() -> None:
    with pytest.raises(SandboxError, match="no timezone"):
        build_company(now=datetime(2025, 10, 28, 12, 0))
    with pytest.raises(SandboxError, match="not the company's date"):
        build_company(now=NOW, today=date(2025, 10, 27))
    by_day = build_company(today=date(2025, 10, 28))
    assert by_day.now == datetime(2025, 10, 28, 21, 59, 59, tzinfo=UTC)


def test_punch_out_and_end_lunch_close_what_is_open(company: Company) -> None:
    case = next(c for c in company.planted if c.kind == "open_lunch")
    lunch = company.end_lunch(case.employee_number, NOW)
    assert lunch.end == datetime(2025, 10, 28, 13, 30)
    with pytest.raises(SandboxError, match="not on lunch"):
        company.end_lunch(case.employee_number, NOW)
    company.set_now(NOW + timedelta(minutes=5))
    closed = company.punch_out(case.employee_number, NOW + timedelta(minutes=5))
    assert closed.end == datetime(2025, 10, 28, 13, 35)
    with pytest.raises(SandboxError, match="no open session"):
        company.punch_out(case.employee_number, NOW + timedelta(minutes=6))
    with pytest.raises(SandboxError, match="no employee 99"):
        company.punch_out(99, NOW)


def test_policy_file_matches_the_company(company: Company) -> None:
    policy = tomllib.loads(company.policy_toml())
    assert policy["timezone"] == "Asia/Jerusalem"
    assert policy["alerts_channel"] == "C0ALERTS" and policy["admins"] == ["U0ADMIN"]
    support = next(team for team in policy["teams"] if team["name"] == "Support")
    assert support == {
        "name": "Support",
        "managers": ["U0MGRSUPP"],
        "channel": "C0SUPPORT",
        "members": ["group:Support"],
    }
    slack_ids = {user["id"] for user in company.slack_users()}
    managers = {m for team in policy["teams"] for m in team["managers"]}
    assert managers | set(policy["admins"]) <= slack_ids


def test_slack_users_map_to_employees_by_email(company: Company) -> None:
    users = company.slack_users()
    assert len(users) == len(company.people)
    dana = next(user for user in users if user["id"] == "U1001")
    assert dana["real_name"] == "Dana Levi"
    assert dana["profile"] == {
        "email": "dana@example.com",
        "real_name": "Dana Levi",
        "display_name": "Dana",
    }
    james = next(user for user in users if user["real_name"] == "James Walker")
    assert (
        james["profile"]["email"] == "james.walker@example.com"
    )  # TimeClock has " James.Walker@Example.com "
    assert james["tz"] == "Europe/London"
