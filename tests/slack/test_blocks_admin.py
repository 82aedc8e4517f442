"""Status, rules and scan answers say what an admin needs to know."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from tcbot.alerts.model import Alert
from tcbot.policy.model import Policy, Schedule, Team
from tcbot.slack.blocks_admin import rules_message, scan_summary_message
from tests.slack.reading import parsed, shown

NOW = datetime(2025, 10, 14, 9, 0, tzinfo=UTC)  # 12:00 in Jerusalem


def test_rules_are_spelled_out_with_team_changes():
    policy = Policy(
        timezone="Asia/Jerusalem",
        teams=(
            Team(
                name="Support",
                schedule=Schedule(time(8, 0), time(17, 0)),
                rules={"long_lunch": timedelta(hours=1)},
            ),
            Team(name="Sales <b>"),
        ),
    )
    text = shown(rules_message(policy))

    assert "Timezone: *Asia/Jerusalem* · week starts on *Sunday*" in text
    assert "workdays: *Sun, Mon, Tue, Wed, Thu* · hours *09:00–18:00*" in text
    assert "Long week: more than *45h* worked in a week" in text
    assert "Missed punch-out: still punched in after *12h*" in text
    assert "*Support*: hours 08:00–17:00, long lunch 1h" in text
    assert "*Sales &lt;b&gt;*: company defaults" in text


def test_rules_without_a_timezone_say_where_it_comes_from():
    text = shown(rules_message(Policy()))

    assert "from the punches" in text
    assert "week starts on *Monday*" in text


def scan_alert(rule: str, employee: str) -> Alert:
    return Alert(
        rule=rule,
        employee=employee,
        email=f"{employee}@example.com",
        date=date(2025, 10, 7),
        at=datetime(2025, 10, 7, 6, 30, tzinfo=UTC),
        subject="2025-10-07",
        detail="punched in at 09:30, 20m late <!channel>",
        timezone="Asia/Jerusalem",
    )


def test_a_scan_counts_by_rule_shows_examples_and_says_nothing_was_posted():
    samples = [scan_alert("late_start", str(n)) for n in range(12)]
    message = scan_summary_message(
        {"late_start": 12, "missing_punch_out": 3, "long_lunch": 0}, "last week", samples
    )

    text = shown(message)
    assert "alerts that would have been raised over last week: *15*" in text
    assert "• missed a punch-out: *3*\n• late start: *12*" in text
    assert "long lunch" not in text
    assert "• 0@example.com · Tue 7 Oct, 09:30 IDT · punched in at 09:30, 20m late" in text
    assert "…and 2 more" in text
    assert "nothing was posted" in text
    assert not [t for t in parsed(message) if "<!channel>" in t]


def test_a_scan_that_finds_nothing_says_so():
    message = scan_summary_message({}, "2025-10-01..2025-10-07", [])
    assert message["text"] == (
        "With the current rules, no alert would have been raised over 2025-10-01..2025-10-07."
    )
