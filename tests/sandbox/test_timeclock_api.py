from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from tcbot.sandbox.company import Company, build_company
from tcbot.sandbox.timeclock_api import SandboxServer, serve_timeclock
from tests.sandbox.conftest import NOW, TOKEN, rpc

# The vendor guide's response examples, copied byte for byte.
EXAMPLES = Path(__file__).parent / "timeclock365_examples"


def example(method: str) -> dict:
    return json.loads((EXAMPLES / f"{method}.response.json").read_text())


def keys(record: dict) -> list[str]:
    return list(record)


@pytest.mark.parametrize("method", ["sessions", "lunches"])
def test_flat_methods_use_the_vendor_keys_in_order(
    server: SandboxServer, client: httpx.Client, method: str
) -> None:
    reply = client.post(server.url, json=rpc(method)).json()
    vendor = example(method)
    assert keys(reply) == keys(vendor)
    for entry in reply["result"]:
        assert keys(entry) == keys(vendor["result"][0])
        assert isinstance(entry["employeeNumber"], int)
        for record in entry["sessions"]:
            assert keys(record) == keys(vendor["result"][0]["sessions"][0])


def test_timesheet_nests_lunches_and_work_logs_in_vendor_order(
    server: SandboxServer, client: httpx.Client
) -> None:
    reply = client.post(server.url, json=rpc("timesheet")).json()
    vendor = example("timesheet")
    v_session = vendor["result"][0]["sessions"][0]
    assert keys(reply) == keys(vendor)
    lunches = logs = 0
    for entry in reply["result"]:
        assert keys(entry) == keys(vendor["result"][0])
        for session in entry["sessions"]:
            assert keys(session) == keys(v_session)
            for lunch in session["lunches"]:
                assert keys(lunch) == keys(v_session["lunches"][0])
                lunches += 1
            for log in session["workLogs"]:
                assert keys(log) == keys(v_session["workLogs"][0])
                logs += 1
    assert lunches > 100 and logs > 2 * 100


def test_extended_sessions_keep_the_vendor_quirks(
    server: SandboxServer, client: httpx.Client
) -> None:
    response = client.post(server.url, json=rpc("extended-sessions"))
    text = response.text
    assert '"timezone":"Asia\\/Jerusalem"' in text
    assert text.index('"result"') < text.index('"id":7}')
    reply = response.json()
    vendor = example("extended-sessions")
    assert keys(reply) == keys(vendor) == ["jsonrpc", "result", "id"]
    assert len(reply["result"]) == 40  # every employee, as the roster
    for entry in reply["result"]:
        assert keys(entry) == keys(vendor["result"][0])
        assert isinstance(entry["employeeNumber"], str)
        for session in entry["sessions"]:
            assert keys(session) == keys(vendor["result"][0]["sessions"][0])


def test_dates_are_inclusive_and_by_local_start(
    server: SandboxServer, client: httpx.Client
) -> None:
    reply = client.post(server.url, json=rpc("sessions", "2025-10-27", "2025-10-27")).json()
    starts = {s["startDate"][:10] for e in reply["result"] for s in e["sessions"]}
    assert starts == {"2025-10-27"}
    # Saturday 2025-10-25 holds only the clock-change night shift, which ends on Sunday.
    weekend = client.post(server.url, json=rpc("sessions", "2025-10-25", "2025-10-25")).json()
    [night] = [s for e in weekend["result"] for s in e["sessions"]]
    assert (night["startDate"], night["endDate"]) == ("2025-10-25 22:00:00", "2025-10-26 06:00:00")
    assert night["timezone"] == "Europe/London"


def test_nothing_after_now_and_open_records_are_null(
    server: SandboxServer, client: httpx.Client, company: Company
) -> None:
    today = client.post(server.url, json=rpc("lunches", "2025-10-28", "2025-10-28")).json()
    starts = [s["startDate"] for e in today["result"] for s in e["sessions"]]
    assert starts and max(starts) <= "2025-10-28 13:30:00"
    case = next(c for c in company.planted if c.kind == "open_lunch")
    [mine] = [e for e in today["result"] if e["employeeNumber"] == case.employee_number]
    assert mine["sessions"][-1]["endDate"] is None
    assert mine["sessions"][-1]["endSourceType"] is None


def test_planted_forgotten_punch_out_is_open_until_punch_out(
    server: SandboxServer, client: httpx.Client, company: Company
) -> None:
    case = next(c for c in company.planted if c.kind == "missing_punch_out" and c.day.day == 27)

    def open_sessions() -> list[dict]:
        reply = client.post(server.url, json=rpc("sessions")).json()
        [entry] = [e for e in reply["result"] if e["employeeNumber"] == case.employee_number]
        return [s for s in entry["sessions"] if s["endDate"] is None]

    [forgotten] = [s for s in open_sessions() if s["startDate"].startswith("2025-10-27")]
    assert forgotten["startDate"] == "2025-10-27 08:50:00"
    company.punch_out(case.employee_number, NOW - timedelta(hours=1), day=case.day)
    assert not [s for s in open_sessions() if s["startDate"].startswith("2025-10-27")]


def test_same_seed_same_bytes(client: httpx.Client) -> None:
    bodies = []
    for _ in range(2):
        with serve_timeclock(build_company(now=NOW, seed=5), token=TOKEN) as running:
            bodies.append(client.post(running.url, json=rpc("extended-sessions")).content)
    assert bodies[0] == bodies[1]


def test_requests_are_counted_by_method(server: SandboxServer, client: httpx.Client) -> None:
    client.post(server.url, json=rpc("sessions"))
    client.post(server.url, json=rpc("sessions"))
    client.post(server.url, content=b"{")
    assert server.requests == {"sessions": 2, "<invalid>": 1}


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Token {TOKEN}", TOKEN])
def test_wrong_or_missing_token_gets_401(server: SandboxServer, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    response = httpx.post(server.url, json=rpc("sessions"), headers=headers, timeout=5)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == 401


BAD = [
    (b"{not json", -32700, None),
    (b"[]", -32600, None),
    (b'{"jsonrpc": "1.0", "method": "sessions", "id": 3}', -32600, 3),
    (b'{"jsonrpc": "2.0", "id": 3}', -32600, 3),
    (b'{"jsonrpc": "2.0", "method": "sessions", "id": [1]}', -32600, None),
    (b'{"jsonrpc": "2.0", "method": "punches", "id": 3}', -32601, 3),
    (b'{"jsonrpc": "2.0", "method": "sessions", "id": 3}', -32602, 3),
    (
        b'{"jsonrpc": "2.0", "method": "sessions", "params": {"startDate": "2025-10-01"}, "id": 3}',
        -32602,
        3,
    ),
]
DATES = [("2025-02-30", "2025-03-01"), ("2025-10-1", "2025-10-02"), ("2025-10-05", "2025-10-01")]


@pytest.mark.parametrize(("body", "code", "rid"), BAD)
def test_bad_requests_get_json_rpc_errors(
    server: SandboxServer, client: httpx.Client, body: bytes, code: int, rid: object
) -> None:
    response = client.post(server.url, content=body)
    assert response.status_code == 200
    reply = response.json()
    assert list(reply) == ["jsonrpc", "error", "id"]
    assert (reply["error"]["code"], reply["id"]) == (code, rid)


@pytest.mark.parametrize(("start", "end"), DATES)
def test_impossible_or_reversed_dates_are_invalid_params(
    server: SandboxServer, client: httpx.Client, start: str, end: str
) -> None:
    reply = client.post(server.url, json=rpc("sessions", start, end)).json()
    assert reply["error"]["code"] == -32602
    assert start in reply["error"]["data"] or end in reply["error"]["data"]


def test_other_paths_and_verbs(server: SandboxServer, client: httpx.Client) -> None:
    assert (
        client.post(server.url.replace("json-rpc", "rest"), json=rpc("sessions")).status_code == 404
    )
    assert client.get(server.url).status_code == 405


def test_a_2000_employee_company_serves_two_weeks(client: httpx.Client) -> None:
    company = build_company(now=NOW, employees=2000)
    with serve_timeclock(company, token=TOKEN) as running:
        reply = client.post(running.url, json=rpc("sessions", "2025-10-15", "2025-10-28")).json()
    sessions = sum(len(entry["sessions"]) for entry in reply["result"])
    assert len(reply["result"]) == 2000
    assert 2000 * 9 < sessions < 2000 * 11


def test_each_planted_case_shows_in_the_replies(
    server: SandboxServer, client: httpx.Client, company: Company
) -> None:
    sheet = client.post(server.url, json=rpc("timesheet")).json()["result"]
    extended = client.post(server.url, json=rpc("extended-sessions")).json()["result"]
    by_person = {entry["employeeNumber"]: entry["sessions"] for entry in sheet}
    flags = {int(e["employeeNumber"]): e["sessions"] for e in extended}
    for case in company.planted:
        day = case.day.isoformat()
        mine = [s for s in by_person.get(case.employee_number, []) if s["startDate"][:10] == day]
        lunches = [(x["startDate"][11:16], x["endDate"]) for s in mine for x in s["lunches"]]
        spans = [(s["startDate"][11:16], s["endDate"]) for s in mine]
        if case.kind == "missing_punch_out":
            assert [end for _, end in spans] == [None]
        elif case.kind == "long_lunch":
            assert lunches == [("12:05", f"{day} 13:55:00")]
        elif case.kind == "open_lunch":
            assert lunches[-1][1] is None and spans[-1][1] is None
        elif case.kind == "late_start":
            assert spans[0][0] == "10:25"
        elif case.kind == "no_show":
            assert mine == []
        elif case.kind == "overtime_day":
            assert spans == [("07:45", f"{day} 19:50:40")]
        elif case.kind == "duplicate_punch":
            assert [start for start, _ in spans] == ["08:32", "08:32", "08:33"]
        elif case.kind == "overnight":
            assert spans[-1][0] == "22:00" and not spans[-1][1].startswith(day)
        elif case.kind == "absence":
            [away] = [s for s in flags[case.employee_number] if s["startDate"][:10] == day]
            assert away["isAbsence"] is True and away["absenceName"]
        elif case.kind == "overtime_week":
            assert len({s["startDate"][:10] for s in by_person[case.employee_number]}) >= 5


def test_duration_across_the_clock_change_is_real_time(
    server: SandboxServer, client: httpx.Client
) -> None:
    reply = client.post(server.url, json=rpc("extended-sessions", "2025-10-25", "2025-10-25"))
    nights = [s for e in reply.json()["result"] for s in e["sessions"]]
    assert [(s["startDate"], s["endDate"], s["duration"]) for s in nights] == [
        ("2025-10-25 22:00:00", "2025-10-26 06:00:00", 9 * 3600)
    ]
