"""/hours and /whosin end to end: signed payloads in, what the person reads out.

The sandbox company's clock is Wednesday 2025-10-08 11:00 in Jerusalem; its week runs Sunday
to Saturday. Totals are checked against `fetch_hours`, which `tcbot hours` prints, so Slack and
the terminal agree.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from tcbot.attendance.query import fetch_hours
from tcbot.slack.timetext import hours_minutes
from tests.slack.harness import ADMIN, DANA, JAMES, NOA, NOW, OMER, SlackHarness, running
from tests.slack.reading import shown


def worked(harness: SlackHarness, who: str, period: str) -> str:
    hours = fetch_hours(
        harness.timeclock_client, harness.policy, who=who, period=period, now=harness.now
    )
    return hours_minutes(hours.worked_seconds)


def only(answers: list[dict]) -> dict:
    assert len(answers) == 1, answers
    assert answers[0]["response_type"] == "ephemeral"
    return answers[0]


def refusals(harness: SlackHarness) -> list[tuple[str, str, str]]:
    found = harness.store.people.refusals(since=NOW - timedelta(days=1))
    return [(r.asker, r.target, r.what) for r in found]


# -- /hours ------------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", ["dispatch", "http"])
def test_my_hours_this_week(harness: SlackHarness, transport: str) -> None:
    send = harness.slash if transport == "dispatch" else harness.slash_http

    text = shown(only(send("/hours", "", user=DANA)))

    assert "*Hours for <@U1001>* · this week" in text
    assert "Sun 5 Oct – Sat 11 Oct 2025" in text
    assert f"*Worked*\n{worked(harness, '1001', 'this week')}" in text
    for day in ("Sun 5 Oct", "Mon 6 Oct", "Tue 7 Oct", "Wed 8 Oct", "Sat 11 Oct"):
        assert day in text
    assert "Still punched in since Wed 8 Oct, 08:47 IDT: counted up to now" in text


def test_a_manager_sees_a_team_member_last_week(harness: SlackHarness) -> None:
    text = shown(only(harness.slash("/hours", "<@U1001|dana> last week", user=NOA)))

    assert "*Hours for <@U1001>* · last week" in text
    assert "Sun 28 Sep – Sat 4 Oct 2025" in text
    assert f"*Worked*\n{worked(harness, '1001', 'last week')}" in text
    assert refusals(harness) == []


def test_a_peer_is_refused_politely_privately_and_on_record(harness: SlackHarness) -> None:
    answer = only(harness.slash("/hours", "<@U0MGRSUPP|noa> last week", user=DANA))

    assert shown(answer).startswith("Sorry, you can only see your own hours")
    assert "h " not in shown(answer)  # no hours at all
    assert refusals(harness) == [(DANA, "<@U0MGRSUPP|noa>", "/hours <@U0MGRSUPP|noa> last week")]
    assert sum(harness.timeclock.requests.values()) == 0


def test_another_teams_manager_is_refused(harness: SlackHarness) -> None:
    answer = only(harness.slash("/hours", "dana@example.com", user=OMER))

    assert shown(answer).startswith("Sorry")
    assert refusals(harness) == [(OMER, "dana@example.com", "/hours dana@example.com")]


def test_an_admin_may_ask_about_anyone_by_employee_number(harness: SlackHarness) -> None:
    text = shown(only(harness.slash("/hours", "1007 last week", user=ADMIN)))

    assert "*Hours for <@U1007>* · last week" in text
    assert f"*Worked*\n{worked(harness, '1007', 'last week')}" in text


@pytest.mark.parametrize(
    "who",
    [
        "dana@example.com",
        " Dana@Example.com ",
        "<mailto:dana@example.com|dana@example.com>",
        "&lt;dana@example.com&gt;",
    ],
)
def test_a_manager_names_someone_by_email(harness: SlackHarness, who: str) -> None:
    text = shown(only(harness.slash("/hours", f"{who} yesterday", user=NOA)))

    assert "*Hours for <@U1001>* · yesterday" in text
    assert "Tue 7 Oct 2025" in text


def test_an_escaped_range_is_read(harness: SlackHarness) -> None:
    text = shown(only(harness.slash("/hours", "me 2025-10-01..2025-10-02", user=JAMES)))

    assert "Wed 1 Oct – Thu 2 Oct 2025" in text
    # James is in London: the open-session note (none here) and dates use his calendar.
    assert f"*Worked*\n{worked(harness, '1007', '2025-10-01..2025-10-02')}" in text


def test_a_malformed_period_says_what_to_write(harness: SlackHarness) -> None:
    text = shown(only(harness.slash("/hours", "next fortnight", user=DANA)))

    assert "Can't read the period 'next fortnight'" in text
    assert "last week" in text and "YYYY-MM-DD..YYYY-MM-DD" in text
    assert sum(harness.timeclock.requests.values()) == 0


def test_a_malformed_mention_says_how_to_name_someone(harness: SlackHarness) -> None:
    text = shown(only(harness.slash("/hours", "@dana last week", user=NOA)))

    assert "Can't tell who '@dana' is" in text
    assert "an employee number" in text


def test_timeclock_down_is_told_privately(harness: SlackHarness) -> None:
    harness.faults.add("500", times=3)

    text = shown(only(harness.slash("/hours", "last week", user=DANA)))

    assert "TimeClock 365 is not answering right now" in text
    assert "Traceback" not in text and "500" not in text


def test_a_revoked_timeclock_key_is_told_as_an_admin_matter(harness: SlackHarness) -> None:
    harness.faults.add("revoked")

    text = shown(only(harness.slash("/whosin", "", user=NOA)))

    assert "TimeClock 365 refused tcbot's API key" in text


def test_slack_failing_unexpectedly_gets_a_short_logged_apology(
    harness: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.slack.fail("users.info", "internal_error")
    caplog.set_level(logging.ERROR)

    text = shown(only(harness.slash("/hours", "", user=DANA)))

    assert "Something went wrong on tcbot's side. It is logged" in text
    crash = [r.getMessage() for r in caplog.records if r.name == "tcbot.slack.listeners.errors"]
    assert crash == ["listener crashed kind=/hours error=SlackApiError"]
    assert all("xoxb-" not in r.getMessage() for r in caplog.records)


def test_missing_users_scope_is_reported_once(tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="tcbot.slack.people")
    with running(tmp_path, scopes=("commands", "chat:write", "im:write")) as harness:
        first = shown(only(harness.slash("/hours", "", user=DANA)))
        second = shown(only(harness.slash("/hours", "", user=NOA)))

    assert first == second
    assert "lacks the `users:read` permission" in first and "manifest.yml" in first
    assert len(caplog.records) == 1


# -- /whosin -----------------------------------------------------------------------------------


def test_a_manager_sees_who_is_in_on_their_team(harness: SlackHarness) -> None:
    text = shown(only(harness.slash("/whosin", "", user=NOA)))

    assert "Who's in · Support" in text
    assert "*In now* (3)" in text
    assert "• <@U1001> since 08:47" in text
    assert "*At lunch* (0)" in text and "*Not in* (0)" in text
    assert "As of Wed 8 Oct, 11:00 IDT" in text


def test_someone_at_lunch_is_listed_with_when_it_began(harness: SlackHarness) -> None:
    dana_today = [s for s in harness.company.shifts_of(1001) if s.start.date() == NOW.date()][0]
    lunch = dana_today.lunches[0]
    harness.set_now(lunch.start.replace(tzinfo=NOW.tzinfo) + timedelta(minutes=5))

    text = shown(only(harness.slash("/whosin", "support", user=NOA)))
    at_lunch = text.split("*At lunch*")[1].split("*Not in*")[0]

    assert f"• <@U1001> since {lunch.start:%H:%M}" in at_lunch
    assert "<@U1001>" not in text.split("*At lunch*")[0]


def test_someone_not_in_after_the_start_time_is_listed(harness: SlackHarness) -> None:
    # Support starts at 09:00; Noa punches in at 09:05 and Daniel (1011) at 09:01.
    harness.set_now(NOW.replace(hour=8, minute=58))
    before_start = shown(only(harness.slash("/whosin", "", user=NOA)))
    harness.set_now(NOW.replace(hour=9, minute=3))
    after_start = shown(only(harness.slash("/whosin", "", user=NOA)))

    assert "*Not in* (0)" in before_start
    assert "*Not in* (1)\n• <@U0MGRSUPP>" in after_start
    assert "• <@U1011> since 09:01" in after_start


def test_an_employee_sees_their_own_team(harness: SlackHarness) -> None:
    text = shown(only(harness.slash("/whosin", "", user=DANA)))

    assert "Who's in · Support" in text


def test_an_employee_may_not_name_another_team(harness: SlackHarness) -> None:
    text = shown(only(harness.slash("/whosin", "Sales", user=DANA)))

    assert text.startswith("Sorry, you can only see who is in on a team you manage or belong to")
    assert refusals(harness) == [(DANA, "Sales", "/whosin Sales")]


def test_an_unknown_team_lists_the_teams(harness: SlackHarness) -> None:
    text = shown(only(harness.slash_http("/whosin", "Marketing", user=ADMIN)))

    assert "There is no team called Marketing" in text
    assert "Support, Engineering, Sales, Warehouse" in text


def test_an_admin_without_a_team_is_asked_to_name_one(harness: SlackHarness) -> None:
    text = shown(only(harness.slash("/whosin", "", user=ADMIN)))

    assert "Name a team: `/whosin Support`" in text


def test_share_shows_the_answer_to_the_channel(harness: SlackHarness) -> None:
    [answer] = harness.slash("/hours", "last week share", user=DANA)

    assert answer["response_type"] == "in_channel"
    assert "*Hours for <@U1001>* · last week" in shown(answer)


def test_share_never_makes_a_refusal_public(harness: SlackHarness) -> None:
    text = shown(only(harness.slash("/hours", "<@U1001|dana> this week share", user=OMER)))

    assert text.startswith("Sorry")
