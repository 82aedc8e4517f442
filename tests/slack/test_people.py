from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tcbot.errors import WhoError
from tcbot.sandbox.slack_api import Workspace, serve_slack
from tcbot.sandbox.slack_workspace import slack_user
from tcbot.slack.app import web_client
from tcbot.slack.people import (
    DEFAULT_PERIOD,
    SetupFault,
    parse_hours_text,
    slack_user_for_employee,
    who_is,
)
from tcbot.store import Store
from tcbot.timeclock.records import Employee
from tests.slack.harness import NOW

DANA = slack_user("U1001", "Dana Levi", "Dana@Example.com", tz="Asia/Jerusalem")


@pytest.mark.parametrize(
    ("text", "kind", "value", "period"),
    [
        ("", "me", "", DEFAULT_PERIOD),
        ("   ", "me", "", DEFAULT_PERIOD),
        ("me", "me", "", DEFAULT_PERIOD),
        ("last week", "me", "", "last week"),
        ("me last 7 days", "me", "", "last 7 days"),
        ("<@U123ABC|dana> last week", "slack", "U123ABC", "last week"),
        ("<@U123ABC>", "slack", "U123ABC", DEFAULT_PERIOD),
        ("<@W0ENTERPRISE|dana> this month", "slack", "W0ENTERPRISE", "this month"),
        ("last week <@U123ABC|dana>", "slack", "U123ABC", "last week"),
        ("Dana@Example.com yesterday", "email", "dana@example.com", "yesterday"),
        ("<mailto:dana@example.com|dana@example.com> today", "email", "dana@example.com", "today"),
        ("&lt;dana@example.com&gt; 2025-10-01..2025-10-07", "email", "dana@example.com",
         "2025-10-01..2025-10-07"),
        ("&lt;@U123ABC|dana&gt; last week", "slack", "U123ABC", "last week"),
        ("1265 this month", "number", "1265", "this month"),
        ("2025-10-01", "me", "", "2025-10-01"),
    ],
)  # fmt: skip
def test_who_and_period_are_read_as_slack_sends_them(
    text: str, kind: str, value: str, period: str
) -> None:
    request = parse_hours_text(text)

    assert (request.who.kind, request.who.value, request.period) == (kind, value, period)


def test_an_ampersand_entity_is_unescaped_once() -> None:
    assert parse_hours_text("last &amp;lt; week").period == "last &lt; week"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("@dana last week", "Can't tell who '@dana' is"),
        ("<@U1|x> <@U2|y>", "Name one person at a time"),
        ("dana@example.com me@example.com", "Name one person at a time"),
    ],
)
def test_a_person_that_cannot_be_read_gets_how_to_write_it(text: str, says: str) -> None:
    with pytest.raises(WhoError) as raised:
        parse_hours_text(text)

    assert says in str(raised.value)
    assert "/hours @Dana last week" in str(raised.value)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "people.db") as opened:
        yield opened


def test_a_slack_user_is_known_by_profile_email_name_and_timezone(store: Store) -> None:
    with serve_slack(Workspace(users=[DANA])) as slack:
        client = web_client(token=slack.workspace.bot_token, base_url=slack.url)
        identity = who_is("U1001", client=client, store=store, now=NOW)

    assert identity.email == "dana@example.com"
    assert (identity.name, identity.tz, identity.employee_number) == (
        "Dana Levi",
        "Asia/Jerusalem",
        None,
    )


def test_an_admin_link_gives_the_employee_number(store: Store) -> None:
    store.people.link("U1001", "1265", source="admin", now=NOW)
    with serve_slack(Workspace(users=[DANA])) as slack:
        client = web_client(token=slack.workspace.bot_token, base_url=slack.url)
        identity = who_is("U1001", client=client, store=store, now=NOW)

    assert identity.employee_number == "1265"
    assert identity.matches(Employee("1265", "someone.else@example.com"))


def test_an_unknown_user_is_asked_about_once_while_cached(store: Store) -> None:
    with serve_slack(Workspace(users=[DANA])) as slack:
        client = web_client(token=slack.workspace.bot_token, base_url=slack.url)
        for _ in range(3):
            with pytest.raises(WhoError, match="Slack does not know Slack user U0GONE"):
                who_is("U0GONE", client=client, store=store, now=NOW)
        asked = len(slack.calls_to("users.info"))
        later = NOW + timedelta(days=1)
        with pytest.raises(WhoError):
            who_is("U0GONE", client=client, store=store, now=later)

        assert (asked, len(slack.calls_to("users.info"))) == (1, 2)


def test_missing_scope_is_logged_once_and_told_each_time(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    workspace = Workspace(users=[DANA], scopes=("commands", "chat:write"))
    caplog.set_level(logging.ERROR, logger="tcbot.slack.people")
    with serve_slack(workspace) as slack:
        client = web_client(token=slack.workspace.bot_token, base_url=slack.url)
        told = []
        for _ in range(2):
            with pytest.raises(SetupFault) as raised:
                who_is("U1001", client=client, store=store, now=NOW)
            told.append(str(raised.value))

    assert told[0] == told[1]
    assert "lacks the `users:read` permission" in told[0]
    assert [r.getMessage() for r in caplog.records] == [
        "slack setup fault missing_scope=users:read; reinstall the app with manifest.yml's scopes"
    ]


def test_an_employee_is_found_in_slack_by_email_and_linked(store: Store) -> None:
    dana = Employee("1265", "dana@example.com")
    with serve_slack(Workspace(users=[DANA])) as slack:
        client = web_client(token=slack.workspace.bot_token, base_url=slack.url)
        first = slack_user_for_employee(dana, client=client, store=store, now=NOW)
        again = slack_user_for_employee(dana, client=client, store=store, now=NOW)
        lookups = len(slack.calls_to("users.lookupByEmail"))

    assert (first, again, lookups) == ("U1001", "U1001", 1)
    link = store.people.slack_user_for("1265")
    assert link is not None and link.source == "email"


def test_an_employee_slack_does_not_know_is_not_looked_up_again_soon(store: Store) -> None:
    stranger = Employee("1300", "nobody@example.com")
    with serve_slack(Workspace(users=[DANA])) as slack:
        client = web_client(token=slack.workspace.bot_token, base_url=slack.url)
        found = [
            slack_user_for_employee(stranger, client=client, store=store, now=at)
            for at in (NOW, NOW + timedelta(minutes=5), datetime(2025, 10, 9, tzinfo=NOW.tzinfo))
        ]
        lookups = len(slack.calls_to("users.lookupByEmail"))

    assert (found, lookups) == ([None, None, None], 2)


@pytest.mark.parametrize(
    ("text", "share", "period"),
    [
        ("last week share", True, "last week"),
        ("<@U123ABC|dana> this month PUBLIC", True, "this month"),
        ("share", True, DEFAULT_PERIOD),
        ("last week", False, "last week"),
    ],
)
def test_a_trailing_share_asks_for_the_answer_in_the_channel(
    text: str, share: bool, period: str
) -> None:
    request = parse_hours_text(text)

    assert (request.share, request.period) == (share, period)
