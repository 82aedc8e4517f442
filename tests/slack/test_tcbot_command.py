"""`/tcbot` through signed payloads and `app.dispatch`: what the asker reads, what is stored."""

from __future__ import annotations

from datetime import date, timedelta

from tcbot.commands.scan import count_by_rule, scan
from tcbot.slack.blocks import rule_words
from tests.slack.harness import ADMIN, DANA, JAMES, NOA, NOW, SlackHarness
from tests.slack.reading import shown


def only(answers: list[dict]) -> str:
    assert len(answers) == 1, answers
    assert answers[0].get("response_type") == "ephemeral"
    return shown(answers[0])


def test_help_lists_the_commands(harness: SlackHarness):
    text = only(harness.slash("/tcbot", "help", user=DANA))

    assert "tcbot: attendance from TimeClock 365" in text
    assert "`/tcbot scan 2025-10-01..2025-10-07`" in text
    assert harness.last_ack is not None and harness.last_ack.status == 200


def test_an_unknown_subcommand_says_so_then_helps(harness: SlackHarness):
    text = only(harness.slash("/tcbot", "frobnicate <!channel>", user=DANA))

    assert "I don't know `/tcbot frobnicate`" in text
    assert "`/hours` — your hours this week" in text


def stuck_message(harness: SlackHarness) -> None:
    """A poll four minutes ago, and one message Slack refused for good."""
    store = harness.store
    store.polls.record_poll(
        started=NOW - timedelta(minutes=4),
        duration_s=1.25,
        records=57,
        alerts_raised=3,
        errors=None,
        api_calls=2,
    )
    store.outbox.enqueue(
        "channel", "C0GONE", {"text": "hi"}, alert_key=None, dedupe_key="x", now=NOW
    )
    item = store.outbox.due(now=NOW)[0]
    store.outbox.give_up(item.id, now=NOW, error="channel_not_found")


def test_status_shows_the_last_poll_and_why_messages_wait_to_an_admin(harness: SlackHarness):
    stuck_message(harness)

    text = only(harness.slash("/tcbot", "status", user=ADMIN))

    assert "TimeClock 365 is reachable." in text
    assert (
        "Last poll: Wed 8 Oct, 10:56 IDT (4 min ago): read 57 records in 1.2 s, 3 new alerts."
        in text
    )
    assert "Open alerts: *0*" in text
    assert "Messages waiting to be delivered: *1*" in text
    assert "• channel, given up, 1 tries: channel_not_found" in text


def test_status_for_anyone_shows_counts_but_not_the_reasons(harness: SlackHarness):
    stuck_message(harness)
    harness.store.polls.set_outage("timeclock", active=True, now=NOW - timedelta(minutes=30))

    text = only(harness.slash("/tcbot", "status", user=DANA))

    assert "TimeClock 365 is not reachable: no answer since Wed 8 Oct, 10:30 IDT" in text
    assert "Messages waiting to be delivered: *1*" in text
    assert "channel_not_found" not in text


def test_status_escapes_what_timeclock_said_and_has_a_plain_fallback(harness: SlackHarness):
    harness.store.polls.record_poll(
        started=NOW - timedelta(minutes=4),
        duration_s=0.5,
        records=0,
        alerts_raised=0,
        errors="HTTP 503 <!channel>",
        api_calls=2,
    )

    [answer] = harness.slash("/tcbot", "status", user=ADMIN)

    assert "HTTP 503 &lt;!channel&gt;" in shown(answer)
    assert "<!channel>" not in shown(answer)
    assert answer["text"] == "tcbot status: TimeClock reachable, open alerts: 0"


def worked(answer: str) -> str:
    """The `Worked` field of an /hours answer."""
    return answer.split("*Worked*\n", 1)[1].split("\n", 1)[0]


def test_an_admin_links_a_slack_user_and_hours_follow_the_link(harness: SlackHarness):
    before = only(harness.slash("/hours", f"<@{JAMES}> last week", user=ADMIN))
    noa_hours = only(harness.slash("/hours", "1002 last week", user=ADMIN))
    assert worked(before) != worked(noa_hours)  # James and Noa did not work the same

    text = only(harness.slash("/tcbot", f"link <@{JAMES}|james> 1002", user=ADMIN))

    assert f"<@{JAMES}> is now linked to employee *1002*." in text
    link = harness.store.people.employee_for(JAMES)
    assert link is not None and (link.employee, link.source) == ("1002", "admin")
    after = only(harness.slash("/hours", f"<@{JAMES}> last week", user=ADMIN))
    assert worked(after) == worked(noa_hours)


def test_a_non_admin_cannot_link_and_the_refusal_is_recorded(harness: SlackHarness):
    text = only(harness.slash("/tcbot", f"link <@{DANA}> 1002", user=NOA))

    assert text.startswith("Sorry, only admins can link")
    assert harness.store.people.employee_for(DANA) is None
    refusals = harness.store.people.refusals(since=NOW - timedelta(days=1))
    assert [(r.asker, r.what) for r in refusals] == [(NOA, "/tcbot link")]


def test_link_says_how_to_write_it(harness: SlackHarness):
    assert "Write `/tcbot link @someone EMPLOYEE_NUMBER`" in only(
        harness.slash("/tcbot", "link dana", user=ADMIN)
    )
    assert "is not a Slack user" in only(harness.slash("/tcbot", "link dana 1001", user=ADMIN))
    assert "12;34 is not an employee number" in only(
        harness.slash("/tcbot", f"link <@{DANA}> 12;34", user=ADMIN)
    )


def test_rules_spell_out_the_policy_for_anyone(harness: SlackHarness):
    text = only(harness.slash("/tcbot", "rules", user=DANA))

    assert "Attendance rules" in text
    assert "Timezone: *Asia/Jerusalem* · week starts on *Sunday*" in text
    assert "Long lunch: a break longer than *45m*" in text
    assert "*Support*: company defaults" in text


def test_scan_counts_alerts_per_rule_with_examples(harness: SlackHarness):
    answers = harness.slash("/tcbot", "scan last 7 days", user=ADMIN)

    text = only(answers)
    assert harness.last_ack is not None and "Scanning last 7 days" in harness.last_ack.body
    expected = scan(
        harness.timeclock_client,
        harness.policy,
        start=date(2025, 10, 2),
        end=date(2025, 10, 8),
        now=NOW,
    )
    counts = {rule: n for rule, n in count_by_rule(expected).items() if n}
    assert sum(counts.values()) > 0
    assert "Scan: last 7 days (Thu 2 Oct – Wed 8 Oct 2025)" in text
    total = sum(counts.values())
    assert "alerts that would have been raised over last 7 days" in text
    assert f": *{total}*." in text
    for rule, count in counts.items():
        assert f"• {rule_words(rule)}: *{count}*" in text
    assert "*Examples*" in text and "1h50" in text  # the planted long lunch is an example
    assert "Dry run: nothing was posted and nobody was notified." in text
    assert harness.slack.messages() == []  # nothing was posted anywhere


def test_scan_is_for_admins_only(harness: SlackHarness):
    text = only(harness.slash("/tcbot", "scan last week", user=DANA))

    assert "only admins can run a scan" in text
    assert sum(harness.timeclock.requests.values()) == 0  # TimeClock was not asked
    refusals = harness.store.people.refusals(since=NOW - timedelta(days=1))
    assert [(r.asker, r.what) for r in refusals] == [(DANA, "/tcbot scan last week")]


def test_scan_of_an_unreadable_period_says_what_to_write(harness: SlackHarness):
    text = only(harness.slash("/tcbot", "scan next tuesday", user=ADMIN))

    assert "Can't read the period 'next tuesday'" in text


def test_link_to_a_number_timeclock_does_not_list_links_nothing(harness: SlackHarness):
    text = only(harness.slash("/tcbot", f"link <@{JAMES}|james> 99999", user=ADMIN))

    assert "TimeClock 365 lists no employee *99999* this past week" in text
    assert harness.store.people.employee_for(JAMES) is None
