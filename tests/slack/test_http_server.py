from __future__ import annotations

import time

import httpx
import pytest

from tests.slack.harness import DANA, SlackHarness, signed_headers
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
