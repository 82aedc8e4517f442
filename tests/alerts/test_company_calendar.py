"""Workdays and the week follow the company's custom, whatever zone an employee punches in;
and /whosin's "not in" agrees with the no-show rule."""

from __future__ import annotations

from tcbot.policy.model import Policy
from tcbot.slack.presence import whereabouts
from tests.alerts.make import JERUSALEM, absence, alerts, at, company, employee, work

LONDON = "Europe/London"
ISRAELI_COMPANY = Policy(timezone=JERUSALEM)


def test_a_london_employee_of_an_israeli_company_is_not_expected_on_friday() -> None:
    punches = company(work("2025-10-09 09:00", "2025-10-09 17:00", zone=LONDON))  # Thursday

    found = alerts(
        punches,
        now=at("2025-10-10 15:00", LONDON),  # Friday: not a workday in Israel
        policy=ISRAELI_COMPANY,
        rules=["no_show"],
        start="2025-10-10",
        end="2025-10-10",
    )

    assert found == []


def test_an_absence_ending_at_midnight_leaves_the_next_day_expected_in_both_places() -> None:
    # Absent all of Monday (to Tuesday 00:00), nothing on Tuesday by noon.
    records = company(absence("2025-10-06 00:00", "2025-10-07 00:00", zone=JERUSALEM))
    now = at("2025-10-07 12:00", JERUSALEM)

    rules = alerts(records, now=now, policy=ISRAELI_COMPANY, rules=["no_show"], start="2025-10-07")
    seen = whereabouts([employee()], records, ISRAELI_COMPANY, now=now, zone=JERUSALEM)

    assert [a.rule for a in rules] == ["no_show"]
    assert [person.number for person in seen.not_in] == ["1265"]
