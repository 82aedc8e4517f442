"""What the client tells people: unreadable records, masked tokens, a refused connection."""

from __future__ import annotations

import json
import logging
import re
import socket
from datetime import date, timedelta

import httpx
import pytest

from tcbot.errors import TimeClockReplyError, TimeClockUnavailable
from tcbot.timeclock.client import INTERACTIVE_RETRY_BUDGET, TimeClockClient
from tcbot.timeclock.replies import not_json
from tests.timeclock.fake_api import TOKEN, FakeApi, reply, rpc_id

DAY = date(2025, 10, 8)
GOOD = {"startDate": "2025-10-08 09:00:00", "endDate": "2025-10-08 17:00:00"}


def session(**fields: object) -> dict[str, object]:
    return {**GOOD, "timezone": "Asia/Jerusalem", **fields}


def company_with_bad_records(request: httpx.Request) -> httpx.Response:
    """Per request: one good session, one with an impossible date, one in an unknown zone."""
    entry = {
        "employeeNumber": 1265,
        "email": "dana.private@example.com",
        "passport": "AB123456",
        "sessions": [
            session(),
            session(startDate="2025-02-30 09:00:00"),
            session(timezone="Mars/Olympus_Mons"),
        ],
    }
    return reply(request, [entry])


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_unreadable_records_are_logged_once_per_method(
    api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    client = api.client(company_with_bad_records, chunk_days=1)

    with caplog.at_level(logging.WARNING, logger="tcbot.timeclock"):
        attendance = client.fetch(["sessions", "timesheet"], DAY, DAY + timedelta(days=1))

    assert client.call_count == 4  # two days in one-day chunks, for each of two methods
    assert len(attendance.skipped) == 8
    assert warnings(caplog) == [
        "timeclock reply had unreadable records method=sessions skipped=4"
        " first=\"session #2: startDate '2025-02-30 09:00:00' is not a real date and time"
        " 'YYYY-MM-DD HH:MM:SS'\"",
        "timeclock reply had unreadable records method=timesheet skipped=4"
        " first=\"session #2: startDate '2025-02-30 09:00:00' is not a real date and time"
        " 'YYYY-MM-DD HH:MM:SS'\"",
    ]
    for private in ("1265", "dana.private", "AB123456", TOKEN):
        assert private not in caplog.text


def test_a_clean_reply_logs_no_warning(api: FakeApi, caplog: pytest.LogCaptureFixture) -> None:
    client = api.client(lambda request: reply(request, [{"employeeNumber": 7, "sessions": []}]))

    with caplog.at_level(logging.WARNING, logger="tcbot.timeclock"):
        client.sessions(DAY, DAY)

    assert warnings(caplog) == []


def html_page(request: httpx.Request) -> httpx.Response:
    page = "<html><body>Sign in</body></html>"
    return httpx.Response(200, text=page, headers={"Content-Type": "text/html"})


def echo_the_key(request: httpx.Request) -> httpx.Response:
    error = {"code": -32000, "message": f"bad key {request.headers['Authorization']}"}
    return httpx.Response(200, json={"jsonrpc": "2.0", "id": rpc_id(request), "error": error})


def test_a_very_short_token_leaves_the_message_readable(api: FakeApi) -> None:
    client = api.client(html_page, token="x")

    with pytest.raises(TimeClockReplyError) as caught:
        client.sessions(DAY, DAY)

    assert "(HTTP 200, text/html); check TIMECLOCK_API_URL" in str(caught.value)
    assert "[token]" not in str(caught.value)


@pytest.mark.parametrize("token", ["k3y-8chr", TOKEN])
def test_a_real_length_token_is_masked(api: FakeApi, token: str) -> None:
    client = api.client(echo_the_key, token=token)

    with pytest.raises(TimeClockReplyError) as caught:
        client.sessions(DAY, DAY)

    assert (
        str(caught.value)
        == "TimeClock 365 `sessions`: JSON-RPC error -32000: bad key Bearer [token]"
    )


def refused_url() -> str:
    """A loopback address where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v1/json-rpc"


@pytest.mark.parametrize("jitter", [0.0, 0.5, 0.999])
def test_a_refused_connection_gives_up_within_the_interactive_budget(jitter: float) -> None:
    waits: list[float] = []
    client = TimeClockClient(
        url=refused_url(),
        token=TOKEN,
        retry_budget=INTERACTIVE_RETRY_BUDGET,
        sleep=waits.append,
        random=lambda: jitter,
    )

    with client, pytest.raises(TimeClockUnavailable) as caught:
        client.sessions(DAY, DAY)

    assert 0 < sum(waits) <= 10.0
    assert client.call_count == len(waits) + 1
    message = str(caught.value)
    assert message.startswith("TimeClock 365 `sessions`: no answer from 127.0.0.1 (ConnectError)")
    assert re.search(rf"; gave up after {client.call_count} attempt\(s\) in \d+ s\. ", message)
    assert message.endswith("TimeClock 365 may be down or overloaded: try again in a few minutes")
    assert TOKEN not in message


def test_a_body_cut_inside_a_string_is_called_cut_off() -> None:
    text = '{"jsonrpc": "2.0", "result": [{"email": "da'
    with pytest.raises(json.JSONDecodeError) as raised:
        json.loads(text)

    message = not_json(text, raised.value, httpx.Response(200, text=text))

    assert message.startswith("the reply was cut off after")
