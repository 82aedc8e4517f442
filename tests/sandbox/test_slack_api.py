"""The sandbox Slack answers slack_sdk like Slack does, and records what it was sent."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

from tcbot.sandbox.slack_api import SandboxSlack, serve_slack
from tcbot.sandbox.slack_workspace import Workspace, slack_user
from tcbot.slack.blocks import error_message

DANA = slack_user("U0DANA", "Dana Levi", "dana@example.com", tz="Asia/Jerusalem")
OMER = slack_user("U0OMER", "Omer Katz", "omer@example.com", tz="Asia/Jerusalem")
GONE = slack_user("U0GONE", "Gone Person", "gone@example.com", deleted=True)


def workspace(**changes: object) -> Workspace:
    base = Workspace(
        users=[DANA, OMER, GONE],
        channels={"C0ALERTS": "attendance-alerts"},
        other_channels={"C0RANDOM": "random"},
        bot_token="xoxb-test-1",
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


@pytest.fixture
def slack() -> Iterator[SandboxSlack]:
    with serve_slack(workspace()) as sandbox:
        yield sandbox


def client(sandbox: SandboxSlack, retry_handlers: list[RetryHandler] | None = None) -> WebClient:
    return WebClient(
        token=sandbox.workspace.bot_token,
        base_url=sandbox.url,
        timeout=5,
        retry_handlers=retry_handlers,
    )


def error_of(call: object) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()  # type: ignore[operator]
    return str(raised.value.response["error"])


def test_auth_test_names_the_bot_and_every_reply_carries_the_granted_scopes(slack):
    reply = client(slack).auth_test()

    assert reply["user_id"] == "U0TCBOT"
    assert reply["team_id"] == "T0SANDBOX"
    assert slack.url.endswith("/")
    scopes = reply.headers["x-oauth-scopes"].split(",")
    assert "chat:write" in scopes and "users:read.email" in scopes


def test_a_posted_message_reads_as_updated(slack):
    web = client(slack)
    posted = web.chat_postMessage(channel="C0ALERTS", text="first", blocks=[])
    web.chat_update(channel="C0ALERTS", ts=posted["ts"], text="second")

    [message] = slack.messages("C0ALERTS")
    assert posted["channel"] == "C0ALERTS"
    assert message["text"] == "second"
    assert message["ts"] == posted["ts"]
    assert "edited" in message


def test_ts_is_unique_and_increasing_even_from_many_threads(slack):
    web = client(slack)

    def post(n: int) -> None:
        for i in range(5):
            web.chat_postMessage(channel="#attendance-alerts", text=f"{n}-{i}")

    threads = [threading.Thread(target=post, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    stamps = [m["ts"] for m in slack.messages("C0ALERTS")]
    assert len(stamps) == 30
    assert len(set(stamps)) == 30
    assert sorted(stamps, key=float) == stamps


def test_a_dm_channel_is_stable_per_user_and_receives_posts(slack):
    web = client(slack)
    first = web.conversations_open(users="U0DANA")["channel"]["id"]
    again = web.conversations_open(users="U0DANA")["channel"]["id"]
    other = web.conversations_open(users="U0OMER")["channel"]["id"]
    web.chat_postMessage(channel=first, text="Please punch out")

    assert first == again == slack.dm_channel("U0DANA")
    assert first.startswith("D") and other != first
    assert [m["text"] for m in slack.messages(first)] == ["Please punch out"]
    assert error_of(lambda: web.conversations_open(users="U0NOBODY")) == "user_not_found"


def test_users_are_found_by_email_in_any_case_or_reported_missing(slack):
    web = client(slack)

    found = web.users_lookupByEmail(email=" DANA@Example.com".strip())["user"]
    info = web.users_info(user="U0OMER")["user"]

    assert found["id"] == "U0DANA" and found["tz"] == "Asia/Jerusalem"
    assert info["profile"]["email"] == "omer@example.com"
    assert web.users_info(user="U0GONE")["user"]["deleted"] is True
    assert error_of(lambda: web.users_lookupByEmail(email="nobody@example.com")) == (
        "users_not_found"
    )
    assert error_of(lambda: web.users_info(user="U0NOBODY")) == "user_not_found"


def test_channels_the_bot_is_not_in_or_that_do_not_exist_are_refused(slack):
    web = client(slack)

    assert error_of(lambda: web.chat_postMessage(channel="C0RANDOM", text="x")) == "not_in_channel"
    assert error_of(lambda: web.chat_postMessage(channel="C0NONE", text="x")) == (
        "channel_not_found"
    )
    assert "U0TCBOT" in web.conversations_members(channel="C0ALERTS")["members"]
    assert "U0TCBOT" not in web.conversations_members(channel="C0RANDOM")["members"]
    assert web.conversations_info(channel="C0RANDOM")["channel"]["is_member"] is False
    assert [c["id"] for c in web.users_conversations()["channels"]] == ["C0ALERTS"]
    assert slack.messages() == []


def test_a_missing_scope_and_a_wrong_token_are_refused_like_slack():
    narrow = workspace(scopes=("chat:write", "users:read"))
    with serve_slack(narrow) as sandbox:
        web = client(sandbox)
        with pytest.raises(SlackApiError) as raised:
            web.users_lookupByEmail(email="dana@example.com")
        wrong = WebClient(token="xoxb-not-ours", base_url=sandbox.url, timeout=5)

        assert raised.value.response["error"] == "missing_scope"
        assert raised.value.response["needed"] == "users:read.email"
        assert error_of(wrong.auth_test) == "invalid_auth"
        assert [call.error for call in sandbox.calls] == ["missing_scope", "invalid_auth"]


def test_faults_answer_the_chosen_error_then_the_method_works_again(slack):
    web = client(slack)
    slack.fail("chat.postMessage", "channel_not_found")
    slack.fail("users.info", "internal_error")

    assert error_of(lambda: web.chat_postMessage(channel="C0ALERTS", text="x")) == (
        "channel_not_found"
    )
    with pytest.raises(SlackApiError) as raised:
        web.users_info(user="U0DANA")
    web.chat_postMessage(channel="C0ALERTS", text="now it works")

    assert raised.value.response.status_code == 500
    assert raised.value.response["error"] == "internal_error"
    assert [m["text"] for m in slack.messages()] == ["now it works"]


def test_a_rate_limit_carries_retry_after_and_the_retry_handler_gets_through(slack):
    slack.fail("chat.postMessage", "ratelimited", retry_after=0)
    with pytest.raises(SlackApiError) as raised:
        client(slack).chat_postMessage(channel="C0ALERTS", text="x")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "0"

    slack.fail("chat.postMessage", "ratelimited", retry_after=0)
    patient = client(slack, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
    patient.chat_postMessage(channel="C0ALERTS", text="after the wait")

    assert [m["text"] for m in slack.messages()] == ["after the wait"]
    assert [c.error for c in slack.calls_to("chat.postMessage")] == [
        "ratelimited",
        "ratelimited",
        None,
    ]


def test_a_dropped_connection_is_retried_and_felt_without_retries(slack):
    quick = ConnectionErrorRetryHandler(interval_calculator=FixedValueRetryIntervalCalculator(0.01))
    slack.drop_connection("auth.test")
    assert client(slack, retry_handlers=[quick]).auth_test()["ok"] is True

    slack.drop_connection("auth.test")
    with pytest.raises(ConnectionError):
        client(slack, retry_handlers=[]).auth_test()
    assert [c.error for c in slack.calls_to("auth.test")] == [
        "connection_dropped",
        None,
        "connection_dropped",
    ]


def test_response_url_posts_are_recorded_and_expire_after_five(slack):
    url = slack.new_response_url()
    hook = WebhookClient(url, timeout=5)
    reply = error_message("TimeClock 365 did not answer; try again in a minute.")

    first = hook.send(text=reply["text"], blocks=reply["blocks"], response_type="ephemeral")
    for _ in range(4):
        hook.send(text="again")
    sixth = hook.send(text="too many")

    assert first.status_code == 200
    assert sixth.status_code == 404
    assert len(slack.responses) == 5
    assert slack.responses[0].body["response_type"] == "ephemeral"
    assert "did not answer" in slack.responses[0].body["text"]


def test_ephemerals_and_home_views_are_kept_and_tokens_never_recorded(slack):
    web = client(slack)
    web.chat_postEphemeral(channel="C0ALERTS", user="U0DANA", text="only you")
    web.views_publish(user_id="U0DANA", view={"type": "home", "blocks": []})
    WebClient(base_url=slack.url, timeout=5).api_call(
        "auth.test", data={"token": slack.workspace.bot_token}
    )

    assert [e["text"] for e in slack.ephemerals("C0ALERTS")] == ["only you"]
    assert slack.home_view("U0DANA")["type"] == "home"
    assert slack.calls_to("auth.test")[0].error is None
    assert all("xoxb" not in repr(call) for call in slack.calls)
