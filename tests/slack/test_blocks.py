"""Alert, digest, nudge and short-reply messages read right, and nothing outside can ping."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tcbot.alerts.model import Alert
from tcbot.slack.blocks import (
    AlertView,
    alert_message,
    digest_message,
    error_message,
    help_message,
    not_yours_message,
    nudge_message,
    refusal_message,
)
from tcbot.slack.mrkdwn import Person
from tests.slack.reading import buttons, parsed, shown

EVIL_NAME = "Dana <!channel> <https://evil.example|click>"
EVIL_DETAIL = "punched in at 08:02 <!here> <https://evil.example|fix it> & more"
AT = datetime(2025, 10, 14, 5, 2, tzinfo=UTC)  # 08:02 in Jerusalem (IDT), 01:02 in New York


def alert(
    rule: str = "missing_punch_out", *, zone: str = "Asia/Jerusalem", **changes: Any
) -> Alert:
    base = Alert(
        rule=rule,
        employee="1265",
        email="dana@example.com",
        date=date(2025, 10, 14),
        at=AT,
        subject="2025-10-14T08:02",
        detail="punched in at 08:02, still in after 12h",
        timezone=zone,
        ongoing=True,
    )
    return replace(base, **changes)


def test_an_open_alert_names_the_person_the_rule_and_the_time_with_three_buttons():
    message = alert_message(alert(), slack_user="U0DANA")

    text = shown(message)
    assert "<@U0DANA>: *missed a punch-out*" in text
    assert "Tue 14 Oct, 08:02 IDT · punched in at 08:02, still in after 12h" in text
    assert message["text"] == "<@U0DANA>: missed a punch-out (Tue 14 Oct, 08:02 IDT)"
    key = "missing_punch_out:1265:2025-10-14T08:02"
    assert buttons(message) == {"alert_ack": key, "alert_remind": key, "alert_snooze": key}


def test_the_time_is_shown_in_the_persons_timezone():
    new_york = shown(alert_message(alert(zone="America/New_York")))
    asked_in_london = shown(alert_message(alert(), zone="Europe/London"))

    assert "Tue 14 Oct, 01:02 EDT" in new_york
    assert "Tue 14 Oct, 06:02 BST" in asked_in_london


def test_without_a_slack_user_the_name_then_email_then_number_is_shown():
    assert "Dana Levi: *" in shown(alert_message(alert(), person_name="Dana Levi"))
    assert "dana@example.com: *" in shown(alert_message(alert()))
    assert "employee 1265: *" in shown(alert_message(alert(email="")))


def test_names_and_details_from_outside_cannot_ping_or_forge_links():
    messages = [
        alert_message(alert(detail=EVIL_DETAIL), person_name=EVIL_NAME),
        alert_message(alert(), slack_user="<!channel>"),
        digest_message(
            [alert(detail=EVIL_DETAIL)], title="<!channel>", people={"1265": Person(name=EVIL_NAME)}
        ),
        nudge_message(alert("overtime_day", detail=EVIL_DETAIL)),
        error_message("TimeClock said <!everyone> <https://evil.example|login>"),
    ]
    for message in messages:
        for text in parsed(message):
            for forged in ("<!channel>", "<!here>", "<!everyone>", "<https://evil"):
                assert forged not in text
    text = shown(messages[0])
    assert "Dana &lt;!channel&gt; &lt;https://evil.example|click&gt;" in text
    assert "&lt;!here&gt; &lt;https://evil.example|fix it&gt; &amp; more" in text


def test_mrkdwn_is_verbatim_so_slack_does_not_autolink_outside_text():
    message = alert_message(alert(detail="see https://evil.example and #general"))
    sections = [b for b in message["blocks"] if b["type"] == "section"]
    assert all(block["text"]["verbatim"] is True for block in sections)


def test_an_acknowledged_alert_says_who_and_when_and_drops_the_acknowledge_button():
    state = AlertView(acknowledged_by="U0MGR", acknowledged_at=AT + timedelta(hours=2, minutes=13))
    message = alert_message(alert(), slack_user="U0DANA", state=state)

    assert "Acknowledged by <@U0MGR> at 10:15" in shown(message)
    assert set(buttons(message)) == {"alert_remind", "alert_snooze"}


def test_a_snoozed_and_reminded_alert_keeps_only_the_buttons_still_useful():
    state = AlertView(
        snoozed_until=datetime(2025, 10, 14, 21, 0, tzinfo=UTC),
        snoozed_by="U0MGR",
        reminded_by="U0MGR",
    )
    message = alert_message(alert(), state=state)

    assert "Snoozed until Wed 15 Oct, 00:00 IDT by <@U0MGR>" in shown(message)
    assert "<@U0MGR> sent a reminder" in shown(message)
    assert set(buttons(message)) == {"alert_ack"}


def test_a_resolved_alert_says_how_and_has_no_buttons():
    state = AlertView(
        acknowledged_by="U0MGR",
        acknowledged_at=AT + timedelta(hours=1),
        resolved_at=datetime(2025, 10, 14, 16, 2, tzinfo=UTC),
        resolved_reason="punched out",
    )
    message = alert_message(alert(), slack_user="U0DANA", state=state)

    assert "Resolved: punched out at 19:02" in shown(message)
    assert not [b for b in message["blocks"] if b["type"] == "actions"]


def test_rules_without_a_nudge_offer_no_remind_button():
    assert "alert_remind" not in buttons(alert_message(alert("overtime_week")))
    assert "alert_remind" not in buttons(alert_message(alert("late_start")))
    assert "*long week*" in shown(alert_message(alert("overtime_week")))


def test_a_digest_groups_by_rule_and_caps_its_length():
    alerts = [alert("late_start", employee=str(n), subject=str(n)) for n in range(18)]
    alerts += [alert("missing_punch_out", employee=str(n), subject=str(n)) for n in range(7)]
    message = digest_message(alerts, title="Support · Tue 14 Oct")

    text = shown(message)
    assert message["text"] == "Support · Tue 14 Oct: 25 alerts"
    assert text.index("*missed a punch-out* (7)") < text.index("*late start* (18)")
    assert text.count("\n• ") == 20
    assert "…and 5 more" in text
    assert "App Home" in text
    assert not buttons(message)


def test_an_empty_digest_says_there_is_nothing():
    assert "Nothing to report." in shown(digest_message([], title="Support"))


def test_the_nudge_is_friendly_and_in_the_employees_own_time():
    text = shown(nudge_message(alert(zone="America/New_York")))
    lunch = shown(nudge_message(alert("long_lunch")))

    assert "punched in since Tue 14 Oct, 01:02 EDT" in text
    assert "please punch out in TimeClock 365" in text
    assert "lunch break still open since Tue 14 Oct, 08:02 IDT" in lunch


def test_short_replies_are_short_and_polite():
    refusal = refusal_message()
    assert refusal["text"].startswith("Sorry")
    assert len(refusal["text"]) < 200
    assert "managers" in not_yours_message()["text"]
    assert "/hours last week" in shown(help_message())
    assert shown(error_message("TimeClock 365 is not answering")).startswith(
        ":warning: TimeClock 365 is not answering"
    )


def test_the_nudge_tells_when_the_punch_in_was_not_when_it_became_overdue():
    punched_in = datetime(2025, 10, 14, 8, 50, tzinfo=ZoneInfo("Asia/Jerusalem"))
    overdue = alert(subject=punched_in.isoformat(), at=punched_in + timedelta(hours=12))

    text = shown(nudge_message(overdue))

    assert "punched in since Tue 14 Oct, 08:50 IDT" in text
    assert "20:50" not in text
