"""The demo's engine: typed mentions escaped as Slack does, buttons pressed through the real
endpoint, and what the screen shows again after an edit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tcbot.policy.load import parse_policy
from tcbot.sandbox.company import build_company
from tcbot.sandbox.demo import Demo, DemoError
from tcbot.sandbox.demo_people import escape_mentions, find_user, users_of

CHANNELS = {"C0SUPPORT": "support"}


@pytest.fixture(scope="module")
def people():
    company = build_company(employees=40, days=3, now=datetime(2025, 10, 8, 9, tzinfo=UTC))
    return users_of(company, parse_policy(company.policy_toml(), source="test"))


def test_typed_mentions_are_escaped_as_slack_sends_them(people):
    assert escape_mentions("@dana this week", people, CHANNELS) == "<@U1001|dana> this week"
    assert escape_mentions("ask @noa.shapiro.", people, CHANNELS) == (
        "ask <@U0MGRSUPP|noa.shapiro>."
    )
    assert escape_mentions("#support", people, CHANNELS) == "<#C0SUPPORT|support>"
    # Nobody by that name, an email, and a channel the bot does not know stay as typed.
    assert escape_mentions("@nobody dana@example.com #random", people, CHANNELS) == (
        "@nobody dana@example.com #random"
    )


def test_people_are_found_by_username_first_name_or_id(people):
    maya = find_user(people, "@maya")
    assert maya is not None and (maya.name, maya.about) == ("Maya Friedman", "manager of Sales")
    assert maya.short == "maya"
    assert find_user(people, "maya.cohen").name == "Maya Cohen"  # type: ignore[union-attr]
    assert find_user(people, "u0admin").role == "admin"  # type: ignore[union-attr]
    assert find_user(people, "@") is None


def test_a_manager_acknowledges_an_alert_and_every_copy_says_so():
    with Demo.start(clock=lambda: datetime.now(UTC), employees=20, days=3) as demo:
        assert "raised" in demo.poll_once()
        first = demo.new_messages()
        dm = next(s for s in first if "(manager)" in demo.names.where(s.channel))
        manager = demo.user(demo.names.dms[dm.channel])
        assert demo.new_messages() == []  # nothing changed since

        refused = demo.press("ack", dm.number, user=demo.user("dana"))
        assert "Only this team's managers and admins" in demo.screen.render_answer(
            refused.answers[0]
        )
        assert demo.new_messages() == []

        demo.press("ack", dm.number, user=manager)
        demo.deliver()
        again = demo.new_messages()
        assert dm.number in [s.number for s in again]
        assert len(again) >= 2  # the DM and the channel post at least
        for shown in again:
            text = demo.screen.render(shown)
            assert "(edited)" in text.split("\n")[0]
            assert f"Acknowledged by @{manager.name}" in text
            assert "[ Acknowledge ]" not in text

        with pytest.raises(DemoError, match="has no ack button"):
            demo.press("ack", dm.number, user=manager)
        with pytest.raises(DemoError, match="no message"):
            demo.press("ack", 999, user=manager)
        with pytest.raises(DemoError, match="no button 'wave'"):
            demo.press("wave", dm.number, user=manager)
        with pytest.raises(DemoError, match="no demo user"):
            demo.user("@nobody")
