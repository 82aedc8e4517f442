"""Figure 1 (issue 2): the TimeClock client fetching and parsing a whole company.

`TimeClockClient.fetch(["sessions", "lunches"], ...)` over the company's days, next to
`httpx.post` + `json.loads` of the same two replies; then each reply's bytes turned into
typed records (`json.loads` + `parse_reply`) next to `json.loads` of the same bytes alone.
"""

from __future__ import annotations

import json
from functools import partial

import httpx
from common import Figure, Row, Sizes, time_it
from timeclock_process import TimeClockInfo

from tcbot.timeclock.client import TimeClockClient
from tcbot.timeclock.parse import parse_reply
from tcbot.timeclock.records import Attendance, EmployeeRecords

METHODS = ("sessions", "lunches")
# A 10,000-employee reply takes seconds to build; the client's 30 s default is not the point.
TIMEOUT = httpx.Timeout(300.0, connect=5.0)
PLAIN = "httpx.post + json.loads"


def run(sizes: Sizes, server: TimeClockInfo) -> Figure:
    figure = Figure(
        key="client",
        title="1. TimeClock client: fetch and parse a company (issue 2)",
        setup=(
            f"sandbox TimeClock in its own process on 127.0.0.1, {server.employees:,} employees"
            f" x {server.days} days ({server.first_day}..{server.today}), methods"
            f" {' + '.join(METHODS)}, one request each"
        ),
    )
    raw = {method: post(server, method) for method in METHODS}

    fetched, (attendance, calls) = time_it(lambda: client_fetch(server), sizes.repeats)
    plain, _ = time_it(lambda: plain_fetch(server), sizes.repeats)
    figure.add(
        Row("client.fetch sessions + lunches", fetched.median, "s", plain.median, PLAIN),
        Row("API calls (client.call_count)", calls, "", len(METHODS), "one per method"),
    )
    for method in METHODS:
        parsed, _ = time_it(partial(records_from, method, raw[method]), sizes.repeats)
        decoded, _ = time_it(partial(json.loads, raw[method]), sizes.repeats)
        figure.add(
            Row(
                f"{method}: bytes -> typed records",
                parsed.median,
                "s",
                decoded.median,
                "json.loads",
            )
        )
    for method in METHODS:
        figure.add(Row(f"{method} reply size", len(raw[method]), "bytes"))
    sessions = sum(len(found) for found in attendance.sessions.values())
    lunches = sum(len(found) for found in attendance.lunches.values())
    figure.add(
        Row("employees read", len(attendance.employees)),
        Row("sessions read", sessions),
        Row("lunches read", lunches),
    )
    return figure


def client_fetch(server: TimeClockInfo) -> tuple[Attendance, int]:
    with TimeClockClient(url=server.url, token=server.token, timeout=TIMEOUT) as client:
        attendance = client.fetch(METHODS, server.first_day, server.today)
        return attendance, client.call_count


def plain_fetch(server: TimeClockInfo) -> list[object]:
    with httpx.Client(timeout=TIMEOUT, headers=_auth(server)) as http:
        return [
            json.loads(http.post(server.url, json=_payload(server, method)).content)
            for method in METHODS
        ]


def post(server: TimeClockInfo, method: str) -> bytes:
    """The raw reply of one method over the company's days, checked to be a result."""
    reply = httpx.post(
        server.url, json=_payload(server, method), headers=_auth(server), timeout=TIMEOUT
    )
    reply.raise_for_status()
    if b'"result"' not in reply.content[:200]:
        raise RuntimeError(f"{method}: the sandbox answered {reply.content[:200]!r}")
    return reply.content


def records_from(method: str, raw: bytes) -> list[EmployeeRecords]:
    records, _skipped = parse_reply(method, json.loads(raw)["result"])
    return records


def _payload(server: TimeClockInfo, method: str) -> dict[str, object]:
    return {
        "jsonrpc": "2.0",
        "method": method,
        "params": {"startDate": server.first_day.isoformat(), "endDate": server.today.isoformat()},
        "id": 1,
    }


def _auth(server: TimeClockInfo) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.token}"}
