"""The /hours answer, /whosin and the App Home read right for a known week."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from tcbot.alerts.model import Alert
from tcbot.attendance.hours import DayHours, Hours, OpenSession
from tcbot.sandbox.slack_api import serve_slack
from tcbot.sandbox.slack_workspace import Workspace
from tcbot.slack.blocks import AlertView
from tcbot.slack.blocks_hours import (
    Presence,
    TeamPresence,
    employee_home_view,
    hours_message,
    manager_home_view,
    whosin_message,
)
from tcbot.slack.mrkdwn import Person
from tcbot.timeclock.records import Employee
from tests.slack.reading import buttons, parsed, shown

JERUSALEM = ZoneInfo("Asia/Jerusalem")
DANA = Person(slack_user="U0DANA", name="Dana Levi", email="dana@example.com", number="1265")
SUNDAY = date(2025, 10, 12)
LUNCH = 45 * 60
DANA_EMPLOYEE = Employee(number="1265", email="dana@example.com")


def week(worked_minutes: list[int], open_sessions: tuple[OpenSession, ...] = ()) -> Hours:
    days = tuple(
        DayHours(
            date=SUNDAY + timedelta(days=n),
            worked_seconds=minutes * 60,
            lunch_seconds=LUNCH if minutes else 0,
            gross_seconds=minutes * 60 + (LUNCH if minutes else 0),
        )
        for n, minutes in enumerate(worked_minutes)
    )
    return Hours(
        employee=DANA_EMPLOYEE,
        start=SUNDAY,
        end=SUNDAY + timedelta(days=len(worked_minutes) - 1),
        timezone="Asia/Jerusalem",
        days=days,
        open_sessions=open_sessions,
    )


# Five days of 7h 39m: 38h 15m worked, 3h 45m of lunch, 42h 0m at work.
KNOWN_WEEK = [459, 459, 459, 459, 459, 0, 0]


def test_the_hours_for_a_known_week_show_totals_and_every_day():
    message = hours_message(
        week(KNOWN_WEEK), who=DANA, period_label="last week", zone="Asia/Jerusalem"
    )

    text = shown(message)
    assert message["text"] == ("<@U0DANA> worked 38h 15m last week (Sun 12 Oct – Sat 18 Oct 2025)")
    assert "*Worked*\n38h 15m" in text
    assert "*Lunch*\n3h 45m" in text
    assert "*At work*\n42h 0m" in text
    for line in (
        "Sun 12 Oct  ▇▇▇▇▇▇▇▇░░   7h 39m",
        "Thu 16 Oct  ▇▇▇▇▇▇▇▇░░   7h 39m",
        "Fri 17 Oct  ░░░░░░░░░░    0h 0m",
        "Sat 18 Oct  ░░░░░░░░░░    0h 0m",
    ):
        assert line in text
    assert "Each ▇ is 1h of work." in text


def test_a_day_longer_than_ten_hours_sets_the_bar_scale():
    text = shown(hours_message(week([720, 360, 5]), who=DANA, period_label="x", zone="UTC"))

    assert "Sun 12 Oct  ▇▇▇▇▇▇▇▇▇▇   12h 0m" in text
    assert "Mon 13 Oct  ▇▇▇▇▇░░░░░    6h 0m" in text
    assert "Tue 14 Oct  ▇░░░░░░░░░    0h 5m" in text


def test_open_sessions_say_whether_they_count_in_the_readers_zone():
    sessions = (
        OpenSession(start=datetime(2025, 10, 16, 8, 0, tzinfo=JERUSALEM), counted=True),
        OpenSession(start=datetime(2025, 10, 13, 9, 30, tzinfo=JERUSALEM), counted=False),
    )
    text = shown(
        hours_message(week(KNOWN_WEEK, sessions), who=DANA, period_label="w", zone="Europe/London")
    )

    assert "Still punched in since Thu 16 Oct, 06:00 BST: counted up to now" in text
    assert "since Mon 13 Oct, 07:30 BST: not counted: missing punch-out" in text


def test_the_period_label_and_name_are_escaped():
    who = Person(name="<!channel>")
    message = hours_message(week([60]), who=who, period_label="<!here>", zone="UTC")

    assert not [t for t in parsed(message) if "<!channel>" in t or "<!here>" in t]
    assert "*Hours for &lt;!channel&gt;* · &lt;!here&gt;" in shown(message)


def test_a_long_period_leaves_out_day_lines_but_keeps_totals():
    text = shown(hours_message(week([60] * 40), who=DANA, period_label="x", zone="UTC"))

    assert "*Worked*\n40h 0m" in text
    assert "up to 31 days" in text
    assert "▇" not in text


def test_whosin_lists_people_with_since_times_in_the_zone():
    now = datetime(2025, 10, 14, 12, 0, tzinfo=JERUSALEM)
    message = whosin_message(
        "Support",
        [
            Presence(Person(slack_user="U0DANA"), datetime(2025, 10, 14, 8, 2, tzinfo=JERUSALEM)),
            Presence(Person(name="Omer"), datetime(2025, 10, 13, 8, 0, tzinfo=JERUSALEM)),
        ],
        [],
        [Presence(Person(email="noa@example.com"))],
        zone="Asia/Jerusalem",
        now=now,
    )

    text = shown(message)
    assert message["text"] == "Support: 2 in, 0 at lunch, 1 not in"
    assert "*In now* (2)\n• <@U0DANA> since 08:02\n• Omer since Mon 13 Oct, 08:00 IDT" in text
    assert "*At lunch* (0)\n_nobody_" in text
    assert "*Not in* (1)\n• noa@example.com" in text


def test_the_app_home_for_a_manager_has_open_alerts_with_buttons_and_who_is_in():
    now = datetime(2025, 10, 14, 12, 0, tzinfo=JERUSALEM)
    open_alert = Alert(
        rule="long_lunch",
        employee="1265",
        email="dana@example.com",
        date=date(2025, 10, 14),
        at=datetime(2025, 10, 14, 11, 0, tzinfo=JERUSALEM),
        subject="2025-10-14T11:00",
        detail="lunch since 11:00, 60m so far",
        timezone="Asia/Jerusalem",
        ongoing=True,
    )
    view = manager_home_view(
        [(open_alert, AlertView())],
        [TeamPresence("Support", in_now=[Presence(DANA, now - timedelta(hours=4))])],
        zone="Asia/Jerusalem",
        now=now,
        people={"1265": DANA},
    )

    text = shown(view)
    assert view["type"] == "home"
    assert "<@U0DANA>: *long lunch*" in text
    assert "alert_ack" in buttons(view)
    assert "Who's in · Support" in text
    assert "• <@U0DANA> since 08:00" in text


def test_the_app_home_for_an_employee_shows_their_week_and_publishes():
    now = datetime(2025, 10, 18, 12, 0, tzinfo=JERUSALEM)
    view = employee_home_view(
        week(KNOWN_WEEK), who=DANA, period_label="this week", zone="Asia/Jerusalem", now=now
    )

    assert "*Worked*\n38h 15m" in shown(view)
    with serve_slack(Workspace(users=[{"id": "U0DANA", "profile": {}}])) as slack:
        WebClient(token=slack.workspace.bot_token, base_url=slack.url).views_publish(
            user_id="U0DANA", view=view
        )
        published = slack.home_view("U0DANA")
    assert published is not None
    assert "*Worked*\n38h 15m" in shown(published)
