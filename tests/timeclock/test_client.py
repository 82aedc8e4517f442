"""The client's failures, retries, chunking and secrecy, against a MockTransport."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, timedelta

import httpx
import pytest

from tcbot.errors import (
    TimeClockAuthError,
    TimeClockError,
    TimeClockReplyError,
    TimeClockUnavailable,
)
from tcbot.timeclock.client import TimeClockClient
from tests.timeclock.fake_api import TOKEN, URL, FakeApi, example, reply, rpc_id

DAY = date(2025, 10, 8)
ONE_SESSION = [
    {
        "employeeNumber": 1265,
        "email": "dana@example.com",
        "sessions": [
            {
                "startDate": "2025-10-08 09:00:00",
                "endDate": "2025-10-08 17:00:00",
                "timezone": "Asia/Jerusalem",
            }
        ],
    }
]


def answers(*steps: object) -> Callable[[httpx.Request], httpx.Response]:
    """Answer each request with the next step: an int status, an exception, or 'ok'."""
    queue = list(steps)

    def handler(request: httpx.Request) -> httpx.Response:
        step = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx.Response):
            return step
        if step == "ok":
            return reply(request, ONE_SESSION)
        assert isinstance(step, int)
        return httpx.Response(step, text="upstream trouble")

    return handler


def worked_hours(client: TimeClockClient) -> float:
    (session,) = client.sessions(DAY, DAY).sessions_of("1265")
    assert session.end is not None
    return (session.end - session.start).total_seconds() / 3600


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_key_is_not_retried(api: FakeApi, status: int) -> None:
    client = api.client(answers(status))

    with pytest.raises(TimeClockAuthError) as caught:
        client.sessions(DAY, DAY)

    assert client.call_count == 1
    assert api.waits == []
    message = str(caught.value)
    assert f"HTTP {status}" in message
    assert "TIMECLOCK_API_TOKEN" in message and "Integrations" in message


def test_429_waits_retry_after_then_succeeds(api: FakeApi) -> None:
    busy = httpx.Response(429, headers={"Retry-After": "7"})
    client = api.client(answers(busy, "ok"))

    assert worked_hours(client) == 8
    assert api.waits == [7.0]
    assert client.call_count == 2


def test_5xx_is_retried_with_backoff_then_succeeds(
    api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    client = api.client(answers(503, 502, "ok"))

    with caplog.at_level(logging.WARNING, logger="tcbot.timeclock.client"):
        assert worked_hours(client) == 8

    assert api.waits == [1.0, 2.0]
    assert client.call_count == 3
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 2
    assert "HTTP 503" in warnings[0] and warnings[0].endswith("will retry in 1.0 s")
    assert warnings[1].endswith("will retry in 2.0 s")


def test_jitter_spreads_the_waits(api: FakeApi) -> None:
    client = api.client(answers(500, 500, "ok"), random=lambda: 0.0)

    client.sessions(DAY, DAY)

    assert api.waits == [0.5, 1.0]


def test_exhausted_budget_raises_unavailable(api: FakeApi) -> None:
    client = api.client(answers(500), retry_budget=10.0)

    with pytest.raises(TimeClockUnavailable) as caught:
        client.sessions(DAY, DAY)

    # 1 + 2 + 4 s waited; the next 8 s wait would overrun the 10 s budget.
    assert api.waits == [1.0, 2.0, 4.0]
    assert client.call_count == 4
    assert "HTTP 500" in str(caught.value) and "4 attempt(s)" in str(caught.value)
    assert caught.value.retry_after is None


def test_retry_after_beyond_the_budget_is_reported_not_waited(api: FakeApi) -> None:
    client = api.client(answers(httpx.Response(429, headers={"Retry-After": "120"})))

    with pytest.raises(TimeClockUnavailable) as caught:
        client.sessions(DAY, DAY)

    assert api.waits == []
    assert caught.value.retry_after == 120.0
    assert "too many requests (HTTP 429)" in str(caught.value)


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadTimeout("timed out"),
        httpx.ConnectTimeout("timed out"),
        httpx.ConnectError("connection refused"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("connection reset by peer"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_timeouts_and_dropped_connections_are_retried(api: FakeApi, error: httpx.HTTPError) -> None:
    client = api.client(answers(error, "ok"))

    assert worked_hours(client) == 8
    assert api.waits == [1.0]


def test_endless_timeouts_end_as_unavailable(api: FakeApi) -> None:
    client = api.client(answers(httpx.ReadTimeout("timed out")), retry_budget=3.5)

    with pytest.raises(TimeClockUnavailable) as caught:
        client.sessions(DAY, DAY)

    assert api.waits == [1.0, 2.0]
    assert "no answer from tc.example.test (ReadTimeout)" in str(caught.value)


def bad_reply(kind: str) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        number = rpc_id(request)
        if kind == "rpc error":
            error = {"code": -32602, "message": "Invalid params"}
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": number, "error": error})
        if kind == "wrong id":
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": number + 99, "result": []})
        if kind == "html":
            page = "<!DOCTYPE html><html><body>Please sign in to Acme portal</body></html>"
            return httpx.Response(200, text=page, headers={"Content-Type": "text/html"})
        if kind == "truncated":
            body = example("sessions.response.json").replace(
                b'"id": 121', f'"id": {number}'.encode()
            )
            return httpx.Response(200, content=body[: len(body) // 2])
        if kind == "wrong shape":
            return reply(request, {"employees": ONE_SESSION})
        if kind == "not found":
            return httpx.Response(404, text="Not Found")
        raise AssertionError(kind)

    return handler


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("rpc error", "JSON-RPC error -32602: Invalid params"),
        ("wrong id", "does not match the request's 1"),
        ("html", "HTML page, not JSON (HTTP 200, text/html)"),
        ("truncated", "cut off after 670 bytes (truncated JSON)"),
        ("wrong shape", "`result` is an object, expected a list of employees"),
        ("not found", "HTTP 404; check TIMECLOCK_API_URL"),
    ],
)
def test_bad_replies_are_reply_errors(api: FakeApi, kind: str, says: str) -> None:
    client = api.client(bad_reply(kind))

    with pytest.raises(TimeClockReplyError) as caught:
        client.lunches(DAY, DAY)

    message = str(caught.value)
    assert message.startswith("TimeClock 365 `lunches`: ")
    assert says in message
    assert "Acme portal" not in message and "email@mail.com" not in message
    assert client.call_count == 1


def test_a_100_day_range_is_fetched_in_31_day_chunks(api: FakeApi) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        first = json.loads(request.content)["params"]["startDate"]
        session = {"startDate": f"{first} 09:00:00", "endDate": f"{first} 17:00:00"}
        # Every chunk also repeats the first chunk's session; the merge must hold it once.
        repeated = {"startDate": "2025-01-01 09:00:00", "endDate": "2025-01-01 17:00:00"}
        sessions = [{**s, "timezone": "Europe/Berlin"} for s in (session, repeated)]
        return reply(request, [{"employeeNumber": 7, "sessions": sessions}])

    client = api.client(handler)
    start = date(2025, 1, 1)
    attendance = client.sessions(start, start + timedelta(days=99))

    assert client.call_count == 4
    ranges = [(body["params"]["startDate"], body["params"]["endDate"]) for body in api.sent()]
    assert ranges == [
        ("2025-01-01", "2025-01-31"),
        ("2025-02-01", "2025-03-03"),
        ("2025-03-04", "2025-04-03"),
        ("2025-04-04", "2025-04-10"),
    ]
    starts = [s.start.date().isoformat() for s in attendance.sessions_of("7")]
    assert starts == ["2025-01-01", "2025-02-01", "2025-03-04", "2025-04-04"]


def test_start_after_end_is_a_caller_bug(api: FakeApi) -> None:
    client = api.client(answers("ok"))

    with pytest.raises(ValueError, match="after end"):
        client.sessions(DAY, DAY - timedelta(days=1))
    assert client.call_count == 0


def test_number_and_string_employee_numbers_meet(api: FakeApi) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        method = json.loads(request.content)["method"]
        span = {"startDate": "2025-01-24 08:00:00", "endDate": "2025-01-24 12:00:00"}
        if method == "sessions":
            entry = {"employeeNumber": 31394, "sessions": [{**span, "timezone": "Asia/Jerusalem"}]}
        else:
            body = json.loads(example("extended-sessions.response.json"))
            entry = body["result"][0]
        return reply(request, [entry])

    client = api.client(handler)
    attendance = client.fetch(
        ["sessions", "extended-sessions"], date(2025, 1, 24), date(2025, 1, 24)
    )

    assert list(attendance.employees) == ["31394"]
    assert attendance.employees["31394"].email == "s7654321@mail.ru"
    assert [s.start.hour for s in attendance.sessions_of("31394")] == [8, 12]


def test_token_never_appears_in_errors_logs_or_reprs(
    api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    def echoing(request: httpx.Request) -> httpx.Response:
        # A careless server that quotes our Authorization header back at us.
        error = {"code": -32000, "message": f"bad key {request.headers['Authorization']}"}
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": rpc_id(request), "error": error})

    handlers = [
        answers(401),
        answers(403),
        answers(500),
        answers(httpx.Response(429, headers={"Retry-After": "999"})),
        answers(httpx.ConnectError(f"cannot reach {URL}")),
        echoing,
        *(
            bad_reply(kind)
            for kind in ("wrong id", "html", "truncated", "wrong shape", "not found")
        ),
    ]
    seen: list[str] = []
    with caplog.at_level(logging.DEBUG):
        for handler in handlers:
            client = api.client(handler, retry_budget=5.0)
            seen.append(repr(client))
            with pytest.raises(TimeClockError) as caught:
                client.fetch(["sessions", "lunches"], DAY, DAY)
            error = caught.value
            seen += [str(error), repr(error), repr(error.args), error.problem]

    assert len(seen) == 5 * len(handlers)
    assert "[token]" in " ".join(seen)  # the echoing server's message was redacted
    assert TOKEN not in "\n".join(seen)
    assert TOKEN not in caplog.text
    assert "timeclock request method=sessions" in caplog.text


def test_context_manager_closes_the_client(api: FakeApi) -> None:
    with api.client(answers("ok")) as client:
        assert worked_hours(client) == 8

    with pytest.raises(RuntimeError, match="closed"):
        client.sessions(DAY, DAY)
