"""Unnamed workdays follow each employee's own zone; named ones apply to everyone; and
/whosin's "not in" agrees with the no-show rule."""

from __future__ import annotations

from tcbot.policy.model import Policy
from tcbot.slack.presence import whereabouts
from tests.alerts.make import JERUSALEM, absence, alerts, at, company, employee, work

LONDON = "Europe/London"
ISRAELI_COMPANY = Policy(timezone=JERUSALEM)


def test_a_london_employee_of_an_israeli_company_keeps_a_monday_to_friday_week() -> None:
    punches = company(work("2025-10-09 09:00", "2025-10-09 17:00", zone=LONDON))  # Thursday

    def no_shows(day: str, policy: Policy) -> list[str]:
        found = alerts(
            punches,
            now=at(f"{day} 15:00", LONDON),
            policy=policy,
            rules=["no_show"],
            start=day,
            end=day,
        )
        return [a.date.isoformat() for a in found]

    assert no_shows("2025-10-10", ISRAELI_COMPANY) == ["2025-10-10"]  # Friday: a London workday
    assert no_shows("2025-10-12", ISRAELI_COMPANY) == []  # Sunday: not in London
    named = Policy(timezone=JERUSALEM, workdays=frozenset({6, 0, 1, 2, 3}))
    assert no_shows("2025-10-10", named) == []  # workdays the policy names apply to all


def test_an_absence_ending_at_midnight_leaves_the_next_day_expected_in_both_places() -> None:
    # Absent all of Monday (to Tuesday 00:00), nothing on Tuesday by noon.
    records = company(absence("2025-10-06 00:00", "2025-10-07 00:00", zone=JERUSALEM))
    now = at("2025-10-07 12:00", JERUSALEM)

    rules = alerts(records, now=now, policy=ISRAELI_COMPANY, rules=["no_show"], start="2025-10-07")
    seen = whereabouts([employee()], records, ISRAELI_COMPANY, now=now, zone=JERUSALEM)

    assert [a.rule for a in rules] == ["no_show"]
    assert [person.number for person in seen.not_in] == ["1265"]
