from __future__ import annotations

import hashlib
import hmac
import logging
import time

import httpx
import pytest

from tcbot.slack.http_server import EVENTS_PATH
from tests.slack.harness import DANA, SECRET, SlackHarness, signed_headers
from tests.slack.payloads import FORM
from tests.slack.reading import shown


def test_health_answers_ok(harness: SlackHarness) -> None:
    reply = httpx.get(harness.http.url + "/health", timeout=5)

    assert (reply.status_code, reply.json()) == (200, {"ok": True})


def test_port_zero_gives_a_real_port_and_other_paths_are_not_found(harness: SlackHarness) -> None:
    assert harness.http.port > 0
    assert httpx.get(harness.http.url + "/slack/other", timeout=5).status_code == 404


def test_a_signed_slash_command_is_answered_over_http(harness: SlackHarness) -> None:
    answers = harness.slash_http("/hours", "yesterday", user=DANA)

    assert harness.last_ack is not None and harness.last_ack.status == 200
    assert len(answers) == 1
    assert answers[0]["response_type"] == "ephemeral"
    assert "Tue 7 Oct 2025" in shown(answers[0])


def _body(harness: SlackHarness) -> tuple[str, str]:
    url = harness.slack.new_response_url()
    body = harness.slash_body("/hours", "", user=DANA, channel="C0SUPPORT", response_url=url)
    return url, body


@pytest.mark.parametrize("problem", ["unsigned", "stale", "altered", "wrong secret"])
def test_a_request_that_fails_verification_gets_401_and_runs_nothing(
    harness: SlackHarness, problem: str
) -> None:
    url, body = _body(harness)
    headers = signed_headers(body)
    if problem == "unsigned":
        headers = {"content-type": "application/x-www-form-urlencoded"}
    elif problem == "stale":
        headers = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    elif problem == "altered":
        body = body.replace("user_id=U1001", "user_id=U0ADMIN")
    else:
        headers = signed_headers(body, secret="not-the-secret")

    sent = harness.post_http(body, headers=headers)
    through_dispatch = harness.dispatch(body, headers=headers)

    assert (sent.status, through_dispatch.status) == (401, 401)
    assert harness.responses_to(url) == []
    assert sum(harness.timeclock.requests.values()) == 0
    assert harness.slack.calls_to("users.info") == []


def test_stop_closes_the_port(harness: SlackHarness) -> None:
    server = harness.http
    assert httpx.get(server.url + "/health", timeout=5).status_code == 200

    server.stop()

    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url + "/health", timeout=2)


def _signed_over(body: bytes, timestamp: str) -> dict[str, str]:
    """Signed as Slack signs, over whatever bytes and timestamp text the sender chose."""
    digest = hmac.new(SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256)
    return {
        "content-type": FORM,
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": f"v0={digest.hexdigest()}",
    }


def _nothing_ran(harness: SlackHarness, url: str) -> bool:
    harness.wait_idle()
    return (
        harness.responses_to(url) == []
        and sum(harness.timeclock.requests.values()) == 0
        and harness.slack.calls_to("users.info") == []
    )


@pytest.mark.parametrize("timestamp", ["abc", "", "12.5", "1e9", "9" * 5000])
def test_a_timestamp_that_is_not_a_number_gets_401_and_nothing_is_sent(
    harness: SlackHarness, timestamp: str, caplog: pytest.LogCaptureFixture
) -> None:
    url, body = _body(harness)
    headers = _signed_over(body.encode(), timestamp)

    sent = harness.post_http(body, headers=headers)
    through_dispatch = harness.dispatch(body, headers=headers)

    assert (sent.status, through_dispatch.status) == (401, 401)
    assert _nothing_ran(harness, url)
    assert "listener crashed" not in caplog.text


def test_a_signature_that_is_not_ascii_gets_401_and_nothing_is_sent(
    harness: SlackHarness,
) -> None:
    url, body = _body(harness)
    headers: dict[str, str | bytes] = {**signed_headers(body)}
    headers["x-slack-signature"] = "v0=\u00e9t\u00e9".encode("latin-1")

    reply = httpx.post(harness.http.url + EVENTS_PATH, content=body, headers=headers, timeout=5)

    assert reply.status_code == 401
    assert _nothing_ran(harness, url)


def test_a_signed_body_that_is_not_utf8_gets_400_without_a_traceback(
    harness: SlackHarness,
) -> None:
    url, text = _body(harness)
    body = text.encode() + b"&text=caf%E9\xe9\xff"
    headers = _signed_over(body, str(int(time.time())))

    reply = httpx.post(harness.http.url + EVENTS_PATH, content=body, headers=headers, timeout=5)

    assert reply.status_code == 400
    assert reply.text == "the request body must be UTF-8 text"
    assert _nothing_ran(harness, url)


def test_a_utf8_body_still_reaches_bolt_after_the_checks(harness: SlackHarness) -> None:
    answers = harness.slash_http("/hours", "last week \u2014 please", user=DANA)

    assert harness.last_ack is not None and harness.last_ack.status == 200
    assert len(answers) == 1


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("{not json", "application/json"), ("[1, 2]", "application/json"), ("payload=nope", FORM)],
)
def test_a_body_bolt_cannot_parse_gets_400_without_a_traceback(
    harness: SlackHarness, body: str, content_type: str
) -> None:
    reply = httpx.post(
        harness.http.url + EVENTS_PATH,
        content=body,
        headers=signed_headers(body, content_type),
        timeout=5,
    )

    assert (reply.status_code, reply.text) == (400, "the request body is not a Slack payload")


def test_a_refused_request_is_logged_without_its_body(
    harness: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    url, body = _body(harness)
    headers = signed_headers(body, secret="not-the-secret")

    # As `tcbot run` logs: Bolt's loggers take their level at start; here it is set for them.
    with caplog.at_level(logging.INFO, logger="slack_bolt.RequestVerification"):
        assert harness.post_http(body, headers=headers).status == 401

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "did not verify" in logged
    assert "response_url" not in logged and url not in logged
    assert "user_id" not in logged
