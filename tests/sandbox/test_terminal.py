"""Block Kit as the demo's terminal shows it: known messages in, the exact text out."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tcbot.alerts.model import Alert
from tcbot.sandbox.terminal import EPHEMERAL, Directory, readable, render_blocks, render_message
from tcbot.slack.blocks import alert_message

NAMES = Directory(
    users={"U1001": "Dana Levi", "U0MGRSALES": "Maya Friedman"},
    channels={"C0SUPPORT": "support"},
    dms={"D0MGRSALES": "U0MGRSALES", "D1001": "U1001"},
    roles={"U0MGRSALES": "manager", "U1001": "employee"},
)


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def button(text: str, action_id: str) -> dict:
    return {
        "type": "button",
        "action_id": action_id,
        "value": "late_start:1001:2025-10-08",
        "text": {"type": "plain_text", "text": text, "emoji": True},
    }


ALERT = {
    "text": "Dana Levi: long lunch",
    "blocks": [
        {
            "type": "section",
            "text": mrkdwn(
                ":sandwich: <@U1001>: *long lunch*\nWed 8 Oct, 13:50 IDT · lunch 12:05-13:55 (1h50)"
            ),
        },
        {"type": "context", "elements": [mrkdwn("Acknowledged by <@U0MGRSALES> at 14:02")]},
        {
            "type": "actions",
            "block_id": "alert:long_lunch:1001",
            "elements": [
                button("Acknowledge", "alert_ack"),
                button("Remind employee", "alert_remind"),
                button("Snooze for today", "alert_snooze"),
            ],
        },
    ],
}


def test_an_alert_reads_as_its_channel_its_lines_and_its_buttons():
    shown = render_message(ALERT, where=NAMES.where("C0SUPPORT"), names=NAMES, number=3)

    assert shown.split("\n") == [
        "[3] #support",
        "    :sandwich: @Dana Levi: long lunch",
        "    Wed 8 Oct, 13:50 IDT · lunch 12:05-13:55 (1h50)",
        "      Acknowledged by @Maya Friedman at 14:02",
        "    [ Acknowledge ] [ Remind employee ] [ Snooze for today ]",
    ]


def test_where_a_message_is_says_channel_dm_with_role_or_private():
    assert NAMES.where("C0SUPPORT") == "#support"
    assert NAMES.where("D0MGRSALES") == "DM to @Maya Friedman (manager)"
    assert NAMES.where("C0UNKNOWN") == "#C0UNKNOWN"
    edited = render_message({"text": "ok"}, where=EPHEMERAL, names=NAMES, note="edited")
    assert edited == "only visible to you  (edited)\n    ok"


def test_mrkdwn_becomes_plain_readable_text():
    assert readable("<@U1001> and <@U0NOBODY|sam> and <@U0GONE>", NAMES) == (
        "@Dana Levi and @sam and @U0GONE"
    )
    assert readable("in <#C0SUPPORT> and <#C0OTHER|random>", NAMES) == "in #support and #random"
    assert readable("*In now* (3) · _nobody_ · 2 * 3 * 4", NAMES) == (
        "In now (3) · nobody · 2 * 3 * 4"
    )
    assert readable("&lt;script&gt; Tom &amp; Jerry &amp;lt;", NAMES) == (
        "<script> Tom & Jerry &lt;"
    )
    assert readable("<https://example.com/x|the guide> <mailto:a@b.co|a@b.co> <!here>", NAMES) == (
        "the guide (https://example.com/x) a@b.co @here"
    )
    assert readable("```\nSun  7h\nMon  8h\n```", NAMES) == "Sun  7h\nMon  8h"


def test_a_header_fields_divider_and_context_read_in_order():
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Hours for Dana *Levi*"}},
        {
            "type": "section",
            "text": mrkdwn("*this week*"),
            "fields": [mrkdwn("*Worked*\n37h 34m"), mrkdwn("*Lunch*\n2h 48m")],
        },
        {"type": "divider"},
        {"type": "context", "elements": [mrkdwn("one"), mrkdwn("two")]},
        {"type": "mystery"},
    ]

    assert render_blocks(blocks, NAMES) == [
        "Hours for Dana *Levi*",  # plain_text is shown as written
        "=====================",
        "this week",
        "Worked    Lunch",
        "37h 34m   2h 48m",
        "-" * 48,
        "  one · two",
    ]


def test_a_message_without_blocks_shows_its_text_and_long_lines_wrap_under_the_indent():
    text = "Hi <@U1001>! " + "Please punch out in TimeClock 365 when you leave. " * 3
    shown = render_message({"text": text.strip()}, where=NAMES.where("D1001"), names=NAMES)

    lines = shown.split("\n")
    assert lines[0] == "DM to @Dana Levi (employee)"
    assert lines[1].startswith("    Hi @Dana Levi! Please punch out")
    assert all(len(line) <= 100 and line.startswith("    ") for line in lines[1:])
    assert " ".join(line.strip() for line in lines[1:]) == readable(text.strip(), NAMES)


def test_the_real_alert_message_shows_its_three_buttons():
    alert = Alert(
        rule="missing_punch_out",
        employee="1001",
        email="dana@example.com",
        date=date(2025, 10, 7),
        at=datetime(2025, 10, 7, 18, 0, tzinfo=UTC),
        detail="punched in 08:00, no punch-out after 12h",
        subject="2025-10-07T08:00:00+03:00",
        timezone="Asia/Jerusalem",
    )
    message = alert_message(alert, slack_user="U1001")

    shown = render_message(message, where="#support", names=NAMES)

    assert "@Dana Levi" in shown and "<@" not in shown and "*" not in shown
    assert shown.endswith("[ Acknowledge ] [ Remind employee ] [ Snooze for today ]")
