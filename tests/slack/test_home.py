"""The App Home through signed `app_home_opened` events: the view Slack received."""

from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from tcbot.alerts.model import Alert
from tcbot.sandbox.slack_workspace import slack_user
from tcbot.slack.blocks import ACTION_ACK
from tests.slack.harness import DANA, NOA, NOW, OMER, SlackHarness
from tests.slack.reading import buttons, shown

JERUSALEM = "Asia/Jerusalem"


def alert(rule: str, employee: str, email: str, day: date, *, ongoing: bool = False) -> Alert:
    return Alert(
        rule=rule,
        employee=employee,
        email=email,
        date=day,
        at=datetime(day.year, day.month, day.day, 9, 40, tzinfo=ZoneInfo(JERUSALEM)),
        subject=day.isoformat(),
        detail="punched in at 09:40",
        timezone=JERUSALEM,
        ongoing=ongoing,
    )


def home(harness: SlackHarness, user: str) -> dict:
    sent = harness.event({"type": "app_home_opened", "user": user, "tab": "home"})
    assert sent.status == 200
    view = harness.slack.home_view(user)
    assert view is not None, "no views.publish for this user"
    assert view["type"] == "home"
    return view


def test_a_manager_sees_todays_team_alerts_and_who_is_in(harness: SlackHarness):
    today_late = alert("late_start", "1001", "dana@example.com", date(2025, 10, 8))
    old_late = alert("late_start", "1001", "dana@example.com", date(2025, 10, 6))
    other_team = alert("late_start", "1003", "omer.katz@example.com", date(2025, 10, 8))
    for each in (today_late, old_late, other_team):
        harness.store.alerts.claim(each, now=NOW)

    view = home(harness, NOA)

    text = shown(view)
    assert "Today's open alerts" in text
    assert "<@U1001>: *late start*" in text
    assert "Wed 8 Oct, 09:40 IDT" in text
    assert "Mon 6 Oct" not in text  # not today's
    assert "Omer" not in text and "omer.katz" not in text  # not Noa's team
    assert buttons(view)[ACTION_ACK] == today_late.key
    assert "Who's in · Support" in text
    assert "*In now*" in text and "*At lunch*" in text and "*Not in*" in text
    assert "Who's in · Engineering" not in text


def test_a_manager_with_no_open_alerts_is_told_so(harness: SlackHarness):
    text = shown(home(harness, OMER))

    assert "No open alerts. :sunny:" in text
    assert "Who's in · Engineering" in text


def test_an_employee_sees_their_own_week(harness: SlackHarness):
    (answer,) = harness.slash("/hours", "", user=DANA)

    text = shown(home(harness, DANA))

    assert "Your hours" in text
    assert "Hours for <@U1001>* · this week" in text
    assert "Sun 5 Oct – Sat 11 Oct 2025" in text
    worked = shown(answer).split("*Worked*\n", 1)[1].split("\n", 1)[0]
    assert f"*Worked*\n{worked}" in text  # the same total /hours gives
    assert "Updated Wed 8 Oct, 11:00 IDT" in text


def test_someone_timeclock_does_not_know_gets_a_friendly_home(harness: SlackHarness):
    harness.slack.workspace.users.append(slack_user("U9GUEST", "Guest Person", "guest@example.org"))

    text = shown(home(harness, "U9GUEST"))

    assert "I can't find you in TimeClock 365" in text
    assert "`/tcbot link`" in text


def test_when_timeclock_is_down_the_home_says_so(harness: SlackHarness):
    harness.faults.add("500", times=5)

    text = shown(home(harness, DANA))

    assert "TimeClock 365 is not answering right now" in text
    assert "Your hours" not in text


def press_on_home(harness: SlackHarness, action_id: str, value: str, *, user: str) -> None:
    """A button pressed on the App Home: Slack sends the view, not a message, as container."""
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "team_id": harness.team},
        "api_app_id": "A0TCBOT",
        "token": "legacy-verification-token",
        "container": {"type": "view", "view_id": f"V{user[1:]}"},
        "trigger_id": "1.1.sandboxtrigger",
        "team": {"id": harness.team, "domain": "sandbox"},
        "is_enterprise_install": False,
        "view": harness.slack.home_view(user),
        "actions": [
            {
                "action_id": action_id,
                "block_id": f"alert:{value}",
                "value": value,
                "type": "button",
                "action_ts": "1.0",
            }
        ],
    }
    harness.dispatch(urlencode({"payload": json.dumps(payload)}))


def test_acknowledging_on_the_home_shows_it_there(harness: SlackHarness):
    late = alert("late_start", "1001", "dana@example.com", date(2025, 10, 8))
    harness.store.alerts.claim(late, now=NOW)
    home(harness, NOA)

    press_on_home(harness, ACTION_ACK, late.key, user=NOA)

    text = shown(harness.slack.home_view(NOA) or {})
    assert f"Acknowledged by <@{NOA}> at 11:00" in text
    assert ACTION_ACK not in buttons(harness.slack.home_view(NOA) or {})
