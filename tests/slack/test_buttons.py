"""The alert buttons through signed `block_actions` payloads: what the presser reads, what the
alert's messages say afterwards, and what the store holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tcbot.alerts.model import Alert
from tcbot.slack.blocks import ACTION_ACK, ACTION_REMIND, ACTION_SNOOZE, alert_message
from tcbot.slack.delivery import Delivery
from tests.slack.harness import ADMIN, JAMES, NOA, NOW, OMER, SlackHarness
from tests.slack.reading import buttons, shown

JERUSALEM = "Asia/Jerusalem"
SUPPORT = "C0SUPPORT"
NOA_DM = "D0MGRSUPP"
DANA_DM = "D1001"

FORGOT = Alert(
    rule="missing_punch_out",
    employee="1001",
    email="dana@example.com",
    date=date(2025, 10, 8),
    at=datetime(2025, 10, 8, 10, 40, tzinfo=ZoneInfo(JERUSALEM)),
    subject="2025-10-07T22:40:00+03:00",
    detail="punched in Tue 7 Oct 22:40, no punch-out after 12h",
    timezone=JERUSALEM,
    ongoing=True,
)


def post(harness: SlackHarness, alert: Alert, channel: str, kind: str) -> dict[str, Any]:
    """Post the alert as the poller would, and record the message against it."""
    reply = harness.app.client.chat_postMessage(channel=channel, **alert_message(alert))
    harness.store.alerts.record_message(
        alert.key, channel=reply["channel"], ts=reply["ts"], kind=kind, now=NOW
    )
    return dict(reply["message"], ts=reply["ts"])


@pytest.fixture
def posted(harness: SlackHarness) -> dict[str, Any]:
    """Dana's forgotten punch-out, in the Support channel and in Noa's DMs."""
    assert harness.store.alerts.claim(FORGOT, now=NOW)
    harness.store.alerts.mark_delivered(FORGOT.key, now=NOW)
    message = post(harness, FORGOT, SUPPORT, "channel")
    post(harness, FORGOT, NOA, "manager_dm")
    return message


def deliver(harness: SlackHarness, now: datetime = NOW) -> None:
    """What the scheduler's delivery job does every few seconds."""
    Delivery(
        client=harness.app.client,
        store=harness.store,
        policy=harness.policy,
        sleep=lambda _: None,
        channel_gap_s=0,
    ).deliver(now)


def channel_text(harness: SlackHarness, channel: str = SUPPORT) -> str:
    (message,) = harness.slack.messages(channel)
    return shown(message)


def private(answers: list[dict]) -> str:
    assert len(answers) == 1, answers
    assert answers[0]["response_type"] == "ephemeral"
    assert answers[0]["replace_original"] is False
    text = answers[0]["text"]
    assert shown(answers[0]) == f"{text}\n{text}"  # the fallback, and the same in its section
    return text


def test_a_manager_acknowledges_and_every_message_says_who(harness, posted):
    answers = harness.action(ACTION_ACK, FORGOT.key, user=NOA, message=posted)

    assert answers == []  # the message itself is the answer
    text = channel_text(harness)
    assert f"Acknowledged by <@{NOA}> at 11:00" in text
    assert ACTION_ACK not in buttons(harness.slack.messages(SUPPORT)[0])
    stored = harness.store.alerts.get(FORGOT.key)
    assert stored is not None and (stored.acknowledged_by, stored.acknowledged_at) == (NOA, NOW)
    assert f"Acknowledged by <@{NOA}>" not in channel_text(harness, NOA_DM)
    deliver(harness)  # the queued update edits the alert's other messages
    assert f"Acknowledged by <@{NOA}> at 11:00" in channel_text(harness, NOA_DM)


def test_a_second_press_says_who_already_acknowledged(harness, posted):
    harness.action(ACTION_ACK, FORGOT.key, user=NOA, message=posted)
    harness.set_now(NOW + timedelta(minutes=5))

    replayed = harness.action(ACTION_ACK, FORGOT.key, user=NOA, message=posted)
    by_admin = harness.action(ACTION_ACK, FORGOT.key, user=ADMIN, message=posted)

    assert private(replayed) == f"<@{NOA}> already acknowledged this alert at 11:00."
    assert private(by_admin) == f"<@{NOA}> already acknowledged this alert at 11:00."
    stored = harness.store.alerts.get(FORGOT.key)
    assert stored is not None and (stored.acknowledged_by, stored.acknowledged_at) == (NOA, NOW)
    assert len(harness.slack.messages(SUPPORT)) == 1


@pytest.mark.parametrize("stranger", [OMER, JAMES], ids=["other-team-manager", "employee"])
def test_a_stranger_is_told_privately_it_is_not_theirs(harness, posted, stranger):
    before = channel_text(harness)

    answers = harness.action(ACTION_ACK, FORGOT.key, user=stranger, message=posted)

    assert private(answers) == "Only this team's managers and admins can act on this alert."
    assert channel_text(harness) == before
    stored = harness.store.alerts.get(FORGOT.key)
    assert stored is not None and stored.acknowledged_by is None
    refusals = harness.store.people.refusals(since=NOW - timedelta(days=1))
    assert [(r.asker, r.target) for r in refusals] == [(stranger, "1001")]


def test_an_admin_may_press_any_alert(harness, posted):
    harness.action(ACTION_ACK, FORGOT.key, user=ADMIN, message=posted)

    assert f"Acknowledged by <@{ADMIN}> at 11:00" in channel_text(harness)


def test_remind_sends_the_employee_one_nudge_even_on_a_double_click(harness, posted):
    first = harness.action(ACTION_REMIND, FORGOT.key, user=NOA, message=posted)
    second = harness.action(ACTION_REMIND, FORGOT.key, user=NOA, message=posted)
    deliver(harness)

    assert private(first) == ":speech_balloon: I sent <@U1001> a reminder."
    assert private(second) == "A reminder about this alert was already sent at 11:00."
    (nudge,) = harness.slack.messages(DANA_DM)
    assert "TimeClock still shows you punched in since Tue 7 Oct, 22:40 IDT" in shown(nudge)
    assert f"<@{NOA}> sent a reminder" in channel_text(harness)
    assert ACTION_REMIND not in buttons(harness.slack.messages(SUPPORT)[0])
    stored = harness.store.alerts.get(FORGOT.key)
    assert stored is not None and stored.reminded_at == NOW


def test_snooze_keeps_the_alert_out_of_open_alerts_until_the_day_ends(harness, posted):
    answers = harness.action(ACTION_SNOOZE, FORGOT.key, user=NOA, message=posted)

    midnight = datetime(2025, 10, 9, 0, 0, tzinfo=ZoneInfo(JERUSALEM))
    assert private(answers) == ":zzz: Snoozed until Thu 9 Oct, 00:00 IDT."
    assert f"Snoozed until Thu 9 Oct, 00:00 IDT by <@{NOA}>" in channel_text(harness)
    store = harness.store.alerts
    assert [a.key for a in store.open_alerts(now=NOW)] == []
    assert [a.key for a in store.open_alerts(now=midnight - timedelta(seconds=1))] == []
    assert [a.key for a in store.open_alerts(now=midnight)] == [FORGOT.key]

    again = harness.action(ACTION_SNOOZE, FORGOT.key, user=ADMIN, message=posted)
    assert (
        private(again) == f"<@{NOA}> already snoozed this alert until Thu 9 Oct, 00:00 IDT;"
        " nothing changed."
    )
    stored = store.get(FORGOT.key)
    assert stored is not None and stored.snoozed_by == NOA


def test_a_press_on_an_alert_that_is_gone_changes_nothing(harness, posted):
    before = channel_text(harness)

    answers = harness.action(ACTION_ACK, "missing_punch_out:1001:gone", user=NOA, message=posted)

    assert "I can't find this alert any more" in private(answers)
    assert channel_text(harness) == before


def test_a_resolved_alert_says_so_and_shows_its_resolution(harness, posted):
    harness.store.alerts.resolve(FORGOT.key, now=NOW - timedelta(minutes=2), reason="punched out")

    answers = harness.action(ACTION_ACK, FORGOT.key, user=NOA, message=posted)

    assert (
        private(answers)
        == "This alert was already resolved at Wed 8 Oct, 10:58 IDT; nothing to do."
    )
    assert "Resolved: punched out at 10:58" in channel_text(harness)
    assert buttons(harness.slack.messages(SUPPORT)[0]) == {}
