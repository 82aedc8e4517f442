"""Broken and hostile TimeClock records, served through the real client by an httpx
MockTransport that edits the sandbox's own replies: missing fields, wrong types, a date that
is not on the calendar, an end before its start, sessions of 400 days, and an email, a group
and a task title built to ping or plant a link. Each bad record is skipped and logged alone;
its good neighbours keep their alerts; nothing posted pings anyone. Run with -s for figures."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tcbot.alerts.evaluate import evaluate
from tcbot.alerts.poll import METHODS, Poller, poll_window
from tcbot.sandbox.timeclock_api import answer_rpc
from tcbot.timeclock.client import TimeClockClient
from tcbot.timeclock.records import Attendance
from tests.alerts.rig import NOW, TOKEN, World, build_bot, world
from tests.hardening.test_hostile_input import PING_OR_LINK
from tests.hardening.test_load import RssPeak
from tests.slack.reading import parsed

Edit = Callable[[str, list[dict[str, Any]]], None]
STAMP = "%Y-%m-%d %H:%M:%S"
HOSTILE_EMAIL = "<!channel>@evil.example"
EVIL_LINK = "<https://evil.example|click>"


def hostile_client(w: World, edit: Edit) -> TimeClockClient:
    """The real client, its replies the sandbox's with `edit(method, result)` applied."""

    def answer(request: httpx.Request) -> httpx.Response:
        reply = json.loads(answer_rpc(w.company, request.content))
        edit(json.loads(request.content)["method"], reply["result"])
        return httpx.Response(200, json=reply)

    return TimeClockClient(
        url="http://127.0.0.1/api/v1/json-rpc",
        token=TOKEN,
        transport=httpx.MockTransport(answer),
        retry_budget=0.0,
    )


def read(client: TimeClockClient) -> Attendance:
    start, end = poll_window(NOW)
    return client.fetch(METHODS, start, end)


def by_employee(attendance: Attendance) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for alert in evaluate(attendance, policy_of(attendance), now=NOW, start=poll_window(NOW)[0]):
        found.setdefault(alert.employee, set()).add(alert.key)
    return found


def policy_of(_: Attendance) -> Any:
    return CURRENT["policy"]


CURRENT: dict[str, Any] = {}


def with_sessions(result: list[dict[str, Any]], skip: set[str]) -> list[dict[str, Any]]:
    """Six employees not planted, each with a closed first session in the window."""
    chosen = [
        entry
        for entry in result
        if entry.get("sessions")
        and entry["sessions"][0].get("endDate")
        and str(entry["employeeNumber"]) not in skip
    ]
    return chosen[:6]


def test_each_broken_record_is_skipped_alone_and_its_neighbours_keep_their_alerts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with world(tmp_path) as w:
        CURRENT["policy"] = w.policy
        planted = {str(p.employee_number) for p in w.company.planted}
        with TimeClockClient(url=w.timeclock.url, token=TOKEN, retry_budget=0.0) as calm_client:
            calm = read(calm_client)
        victims: list[str] = []
        long_ago = (NOW - timedelta(days=400)).replace(tzinfo=None)

        def edit(method: str, result: list[dict[str, Any]]) -> None:
            if not victims:
                victims.extend(str(e["employeeNumber"]) for e in with_sessions(result, planted))
            by_number = {str(e["employeeNumber"]): e for e in result}
            missing, wrong_type, impossible, backwards, open_400, closed_400 = (
                by_number[n] for n in victims
            )
            del missing["sessions"][0]["startDate"]
            wrong_type["sessions"][0]["startDate"] = 1759900000
            day = impossible["sessions"][0]["startDate"][10:]
            impossible["sessions"][0]["startDate"] = "2025-02-30" + day
            first = backwards["sessions"][0]
            first["startDate"], first["endDate"] = first["endDate"], first["startDate"]
            zone = open_400["sessions"][0]["timezone"]
            open_400["sessions"].append(
                {"startDate": long_ago.strftime(STAMP), "endDate": None, "timezone": zone}
            )
            closed_400["sessions"].append(
                {
                    "startDate": (long_ago - timedelta(days=2)).strftime(STAMP),
                    "endDate": (long_ago + timedelta(days=398)).strftime(STAMP),
                    "timezone": zone,
                }
            )
            result.append({"employeeNumber": [1], "email": "x@example.com", "sessions": []})
            result.append({"employeeNumber": 99001, "sessions": "none"})

        with caplog.at_level(logging.WARNING), hostile_client(w, edit) as client:
            hostile = read(client)

    before, after = by_employee(calm), by_employee(hostile)
    reasons = sorted({skip.reason for skip in hostile.skipped})
    print(f"\nvictims {victims}; skipped {len(hostile.skipped)}:\n  " + "\n  ".join(reasons))
    print(f"alerts: calm {sum(map(len, before.values()))}, with bad records", end=" ")
    print(f"{sum(map(len, after.values()))}: the 400-day ones {after.get(victims[4])}", end=" ")
    print(f"{after.get(victims[5])}")
    assert len(hostile.skipped) == 12  # six in each method's reply
    assert "unreadable records method=timesheet skipped=6" in caplog.text
    assert "unreadable records method=extended-sessions skipped=6" in caplog.text
    neighbours = set(calm.employees) - set(victims)
    assert {n: before.get(n) for n in neighbours} == {n: after.get(n) for n in neighbours}
    assert set(hostile.employees) == set(calm.employees)  # nobody lost for one bad record
    for number in victims[:4]:  # one session skipped, the others kept; no false no-show
        assert after.get(number) is None
        assert len(hostile.sessions_of(number)) == len(calm.sessions_of(number)) - 1
    # The open one is a forgotten punch-out; the closed one is 24 h a day, flagged as such.
    assert {key.split(":")[0] for key in after[victims[4]]} == {"missing_punch_out"}
    assert {key.split(":")[0] for key in after[victims[5]]} == {"overtime_day"}


def test_hostile_names_and_titles_are_posted_escaped(tmp_path: Path) -> None:
    """An email, a group and task titles built to ping or link, on the employee of a planted
    case: the alert still goes out, and reads them literally."""
    with world(tmp_path) as w:
        target = str(w.planted("late_start"))

        def edit(method: str, result: list[dict[str, Any]]) -> None:
            for entry in result:
                if str(entry["employeeNumber"]) == target:
                    entry["email"] = HOSTILE_EMAIL
                    entry.setdefault("groups", []).append("<!here>")
                    for session in entry.get("sessions") or []:
                        for log in session.get("workLogs") or []:
                            log["name"] = EVIL_LINK

        bot = build_bot(w)
        bot.timeclock.close()
        bot.timeclock = hostile_client(w, edit)
        bot.poller = Poller(
            client=bot.timeclock, store=bot.store, policy=w.policy, planner=bot.planner
        )
        try:
            result = bot.poller.poll(NOW)
            bot.delivery.deliver(NOW)
        finally:
            bot.close()
        messages = w.slack.messages()
    about = [m for m in messages if "evil.example" in m["text"]]
    print(f"\nposted {len(messages)}, {len(about)} about the hostile employee:")
    print("  " + "\n  ".join(m["text"][:120] for m in about))
    assert result.error is None
    assert about and all("&lt;!channel&gt;@evil.example" in m["text"] for m in about)
    for posted in messages:
        for text in parsed(posted):
            assert PING_OR_LINK.findall(text.replace("<@", "").replace("<#", "")) == [], text


def _fifty_mb(w: World) -> Edit:
    """Every reply padded past 50 MB with task titles on one employee's first session."""

    def edit(method: str, result: list[dict[str, Any]]) -> None:
        entry = next(e for e in result if e.get("sessions"))
        title = {"name": "t" * 1000, "externalId": "DR-1", "startDate": None, "endDate": None}
        entry["sessions"][0]["workLogs"] = [title] * (BIG_MB * 1024)

    return edit


BIG_MB = 50


def test_a_50_mb_reply_is_read_and_over_the_limit_is_refused_clearly(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        CURRENT["policy"] = w.policy
        with TimeClockClient(url=w.timeclock.url, token=TOKEN, retry_budget=0.0) as calm_client:
            calm = read(calm_client)
        rss = RssPeak()
        with hostile_client(w, _fifty_mb(w)) as client:
            big = read(client)
        grown = rss.stop()
        small = TimeClockClient(
            url="http://127.0.0.1/api/v1/json-rpc",
            token=TOKEN,
            transport=httpx.MockTransport(
                lambda request: httpx.Response(
                    200, json=_padded(answer_rpc(w.company, request.content))
                )
            ),
            retry_budget=0.0,
            max_reply_bytes=10 * 2**20,
        )
        with small:
            bot = build_bot(w)
            poller = Poller(client=small, store=bot.store, policy=w.policy, planner=bot.planner)
            refused = poller.poll(NOW)
            bot.close()
    print(f"\n{BIG_MB} MB reply: {len(big.skipped)} work logs skipped, RSS peak +{grown:.0f} MB")
    print(f"over a 10 MB limit: {refused.error}")
    assert by_employee(big) == by_employee(calm)
    assert grown < 1024
    assert refused.error is not None
    assert "the reply is over 10 MB" in refused.error and "shorter period" in refused.error


def _padded(raw: bytes) -> dict[str, Any]:
    reply = json.loads(raw)
    reply["padding"] = "p" * (11 * 2**20)
    return reply
