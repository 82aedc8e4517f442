"""Escaping, mentions and the times and durations messages show."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tcbot.slack.mrkdwn import Person, channel_link, escape, mention, truncate
from tcbot.slack.timetext import ago, hours_minutes, limit, period_dates, when


def test_escape_turns_the_three_special_characters_into_entities():
    assert escape("a & b <!channel> <https://evil|click>") == (
        "a &amp; b &lt;!channel&gt; &lt;https://evil|click&gt;"
    )
    assert escape("&amp;") == "&amp;amp;"  # escaped once more: shown as typed


def test_only_real_looking_ids_become_mentions_or_channel_links():
    assert mention("U0123ABC") == "<@U0123ABC>"
    assert mention("<!here>") == "&lt;!here&gt;"
    assert mention("U0123|x>") == "U0123|x&gt;"
    assert channel_link("C0ALERTS") == "<#C0ALERTS>"
    assert channel_link("alerts") == "#alerts"


def test_a_person_is_labelled_by_the_best_name_known():
    assert Person(slack_user="U0DANA", name="Dana").label == "<@U0DANA>"
    assert Person(name=" Dana <b> ", email="d@example.com").label == "Dana &lt;b&gt;"
    assert Person(email="d@example.com", number="1265").label == "d@example.com"
    assert Person(number="1265").label == "employee 1265"
    assert Person(slack_user="U0DANA", name="Dana").plain == "Dana"


def test_truncate_marks_the_cut():
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("abc", 4) == "abc"


def test_times_and_durations_read_as_people_write_them():
    moment = datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    assert when(moment, "Europe/London") == "Sun 26 Oct, 01:30 BST"
    assert when(moment + timedelta(hours=1), "Europe/London") == "Sun 26 Oct, 01:30 GMT"
    assert when(moment, "Not/AZone") == "Sun 26 Oct, 00:30 UTC"
    assert hours_minutes(38 * 3600 + 15 * 60 + 59) == "38h 15m"
    assert hours_minutes(0) == "0h 0m"
    assert limit(timedelta(hours=45)) == "45h"
    assert limit(timedelta(minutes=90)) == "1h 30m"
    assert period_dates(date(2025, 12, 28), date(2026, 1, 3)) == "Sun 28 Dec 2025 – Sat 3 Jan 2026"
    assert period_dates(date(2025, 10, 14), date(2025, 10, 14)) == "Tue 14 Oct 2025"
    assert ago(moment - timedelta(hours=3), moment) == "3 h ago"
