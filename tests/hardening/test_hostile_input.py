"""Hostile and broken requests from the Slack side, through the real HTTP endpoint: forged
and replayed signatures (401, nothing runs), the same signed button press sent twice (the
second changes nothing and says so), and slash-command text built to ping people or plant
links (a clear private answer in which nothing pings). tests/slack/test_http_server.py has
the plain unsigned, stale, altered and wrong-secret slash commands; these are the rest."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tcbot.slack.blocks import ACTION_ACK, ACTION_REMIND, ACTION_SNOOZE, SECTION_LIMIT
from tests.slack.harness import ADMIN, DANA, NOA, NOW, SlackHarness, running
from tests.slack.payloads import action_body, signed_headers
from tests.slack.reading import parsed, shown
from tests.slack.test_buttons import FORGOT, SUPPORT, deliver, post

STALE_S = 5 * 60 + 30  # Bolt refuses a timestamp more than five minutes from its clock
# What Slack turns into a ping or a link in mrkdwn: <!channel>, <!here>, <!everyone>,
# <!subteam^…>, <@U…>, <#C…>, <https://…|…>.
PING_OR_LINK = re.compile(r"<[!@#]|<https?:|<mailto:", re.IGNORECASE)


@pytest.fixture
def h(tmp_path: Path) -> Iterator[SlackHarness]:
    with running(tmp_path) as started:
        yield started


@pytest.fixture
def posted(h: SlackHarness) -> dict[str, Any]:
    """Dana's forgotten punch-out, posted in Support and in Noa's DMs."""
    assert h.store.alerts.claim(FORGOT, now=NOW)
    h.store.alerts.mark_delivered(FORGOT.key, now=NOW)
    message = post(h, FORGOT, SUPPORT, "channel")
    post(h, FORGOT, NOA, "manager_dm")
    return message


def press(
    h: SlackHarness, action: str, message: dict[str, Any], user: str = NOA
) -> tuple[str, str]:
    """A signed block_actions body for `action` on `message`; returns (url, body)."""
    url = h.slack.new_response_url()
    return url, action_body(
        action,
        FORGOT.key,
        user=user,
        message=message,
        channel=SUPPORT,
        response_url=url,
        team=h.team,
        trigger_id="1.1.sandboxtrigger",
    )


def nothing_ran(h: SlackHarness, url: str) -> bool:
    h.wait_idle()
    return (
        h.responses_to(url) == []
        and sum(h.timeclock.requests.values()) == 0
        and h.slack.calls_to("users.info") == []
        and h.slack.calls_to("chat.update") == []
    )


# -- signatures --------------------------------------------------------------------------------


def test_a_timestamp_from_the_future_gets_401(h: SlackHarness) -> None:
    url = h.slack.new_response_url()
    body = h.slash_body("/hours", "", user=DANA, channel=SUPPORT, response_url=url)

    sent = h.post_http(body, headers=signed_headers(body, timestamp=int(time.time()) + STALE_S))

    assert sent.status == 401
    assert nothing_ran(h, url)


def test_an_old_signature_under_a_fresh_timestamp_gets_401(h: SlackHarness) -> None:
    """A captured request replayed later with its timestamp header moved to now."""
    url = h.slack.new_response_url()
    body = h.slash_body("/hours", "", user=DANA, channel=SUPPORT, response_url=url)
    headers = signed_headers(body, timestamp=int(time.time()) - STALE_S)
    headers["x-slack-request-timestamp"] = str(int(time.time()))

    assert h.post_http(body, headers=headers).status == 401
    assert nothing_ran(h, url)


@pytest.mark.parametrize("problem", ["stale", "altered value", "altered user", "unsigned"])
def test_a_forged_button_press_gets_401_and_changes_nothing(
    h: SlackHarness, posted: dict[str, Any], problem: str
) -> None:
    url, body = press(h, ACTION_ACK, posted, user=DANA)  # Dana may not acknowledge her own
    headers = signed_headers(body)
    if problem == "stale":
        headers = signed_headers(body, timestamp=int(time.time()) - STALE_S)
    elif problem == "altered value":
        body = body.replace("2025-10-07T22%3A40", "2025-10-06T22%3A40")
    elif problem == "altered user":
        body = body.replace("U1001", ADMIN)
    else:
        headers = {"content-type": headers["content-type"]}
    before = shown(h.slack.messages(SUPPORT)[0])

    sent = h.post_http(body, headers=headers)

    assert sent.status == 401
    assert nothing_ran(h, url)
    stored = h.store.alerts.get(FORGOT.key)
    assert stored is not None and stored.acknowledged_by is None
    assert shown(h.slack.messages(SUPPORT)[0]) == before


def test_an_unsigned_event_publishes_no_home_tab(h: SlackHarness) -> None:
    from tests.slack.payloads import event_body

    body = event_body(
        {"type": "app_home_opened", "user": DANA, "tab": "home"}, team=h.team, event_id="Ev0FORGED"
    )

    sent = h.post_http(body, headers={"content-type": "application/json"})

    assert sent.status == 401
    assert h.slack.home_view(DANA) is None
    assert sum(h.timeclock.requests.values()) == 0


# -- the same signed press, twice ---------------------------------------------------------------


def _twice(h: SlackHarness, action: str, message: dict[str, Any]) -> list[str]:
    """One signed press posted twice, byte for byte; what each reply said privately."""
    url, body = press(h, action, message)
    headers = signed_headers(body)
    statuses = [h.post_http(body, headers=headers).status for _ in range(2)]
    assert statuses == [200, 200]
    return [answer["text"] for answer in h.responses_to(url)]


def test_a_replayed_acknowledge_changes_nothing_and_says_so(
    h: SlackHarness, posted: dict[str, Any]
) -> None:
    answers = _twice(h, ACTION_ACK, posted)
    deliver(h)

    print(f"\nreplayed acknowledge answers: {answers}")
    assert answers == [f"<@{NOA}> already acknowledged this alert at 11:00."]
    stored = h.store.alerts.get(FORGOT.key)
    assert stored is not None and stored.acknowledged_by == NOA
    assert shown(h.slack.messages(SUPPORT)[0]).count("Acknowledged by") == 1
    assert len(h.slack.messages(SUPPORT)) == 1


def test_a_replayed_reminder_sends_one_nudge_and_says_so(
    h: SlackHarness, posted: dict[str, Any]
) -> None:
    answers = _twice(h, ACTION_REMIND, posted)
    deliver(h)

    print(f"\nreplayed reminder answers: {answers}")
    assert answers == [
        f":speech_balloon: I sent <@{DANA}> a reminder.",
        "A reminder about this alert was already sent at 11:00.",
    ]
    assert len(h.slack.messages(h.slack.dm_channel(DANA))) == 1


def test_a_replayed_snooze_keeps_the_first_and_says_so(
    h: SlackHarness, posted: dict[str, Any]
) -> None:
    answers = _twice(h, ACTION_SNOOZE, posted)

    print(f"\nreplayed snooze answers: {answers}")
    assert answers[0] == ":zzz: Snoozed until Thu 9 Oct, 00:00 IDT."
    assert answers[1] == (
        f"<@{NOA}> already snoozed this alert until Thu 9 Oct, 00:00 IDT; nothing changed."
    )
    stored = h.store.alerts.get(FORGOT.key)
    assert stored is not None and stored.snoozed_by == NOA


# -- slash-command text --------------------------------------------------------------------------

# (command, text as typed, what the answer must say)
HOSTILE_TEXT = [
    ("/hours", "x" * 10_000, "Try today, yesterday"),
    ("/hours", "last week " + "y" * 9_990, "Try today, yesterday"),
    ("/hours", "@" + "z" * 9_999, "Can't tell who"),
    ("/whosin", "w" * 10_000, "Teams: Support"),
    ("/hours", "last\x00 week\x07\x1b[31m\u202e", "Can't read the period"),
    ("/hours", "last week\n<!channel>", "Can't read the period"),
    ("/hours", "<!here> last week", "Can't read the period"),
    ("/hours", "<!everyone>", "Can't read the period"),
    ("/hours", "<!subteam^S0ADMINS|@admins> last week", "Can't tell who"),
    ("/hours", "<@U0ADMIN> last week", "you can only see your own hours"),
    ("/hours", "<@U1001|ruth> last week", "Hours"),  # Dana's own, whatever the label says
    ("/hours", "<https://evil.example|click> last week", "Can't read the period"),
    # The address counts, not the label: this asks about x@evil.example, not about Dana.
    ("/hours", "last week <mailto:x@evil.example|dana@example.com>", "only see your own"),
    ("/hours", "*bold* _it_ `code` ~s~ &amp;lt;!channel&amp;gt;", "Can't read the period"),
    ("/whosin", "<!channel>", "There is no team called"),
    ("/whosin", "<https://evil.example|Support>", "There is no team called"),
    ("/whosin", "<@U0ADMIN>", "There is no team called"),
]


@pytest.mark.parametrize(
    ("command", "text", "says"),
    HOSTILE_TEXT,
    ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(HOSTILE_TEXT)],
)
def test_hostile_text_gets_a_clear_private_answer_that_pings_nobody(
    h: SlackHarness, command: str, text: str, says: str
) -> None:
    answers = h.slash_http(command, text, user=DANA)

    assert h.last_ack is not None and h.last_ack.status == 200
    assert len(answers) == 1, answers
    answer = answers[0]
    print(f"\n{command} {text[:30]!r}... -> {answer['text'][:100]!r}")
    assert answer["response_type"] == "ephemeral"
    assert says in shown(answer)
    for mrkdwn in parsed(answer):
        pings = PING_OR_LINK.findall(mrkdwn.replace(f"<@{DANA}>", ""))
        assert pings == [], mrkdwn[:300]
        assert len(mrkdwn) <= SECTION_LIMIT
    assert len(answer["text"]) < 1_000  # the typed text is quoted, not pasted back
    assert h.slack.messages() == []  # nothing public, anywhere
