from __future__ import annotations

import json
import time

import httpx
import pytest

from tcbot.sandbox.company import build_company
from tcbot.sandbox.faults import Faults
from tcbot.sandbox.timeclock_api import SandboxServer, serve_timeclock
from tests.sandbox.conftest import NOW, TOKEN, rpc


def call(server: SandboxServer, client: httpx.Client, rid: int = 7) -> httpx.Response:
    return client.post(server.url, json=rpc("sessions", "2025-10-27", "2025-10-27", rid))


def test_queued_faults_apply_in_order_then_stop(
    server: SandboxServer, client: httpx.Client, faults: Faults
) -> None:
    faults.add("500").add("429", seconds=3).add("html")
    first, second, third, fourth = (call(server, client) for _ in range(4))
    assert first.status_code == 500 and first.text == "Internal Server Error"
    assert second.status_code == 429 and second.headers["Retry-After"] == "3"
    assert third.status_code == 502 and third.text.startswith("<!DOCTYPE html>")
    assert third.headers["Content-Type"].startswith("text/html")
    assert fourth.status_code == 200 and fourth.json()["id"] == 7
    assert faults.pending == 0


def test_truncated_reply_is_half_a_json_body(
    server: SandboxServer, client: httpx.Client, faults: Faults
) -> None:
    whole = call(server, client).content
    faults.add("truncated")
    cut = call(server, client)
    assert cut.status_code == 200
    assert cut.content == whole[: len(whole) // 2]
    with pytest.raises(json.JSONDecodeError):
        cut.json()


def test_rpc_error_and_wrong_id(
    server: SandboxServer, client: httpx.Client, faults: Faults
) -> None:
    faults.add("rpc_error").add("wrong_id")
    error = call(server, client).json()
    assert error["error"] == {"code": -32000, "message": "Server error"}
    assert call(server, client, rid=41).json()["id"] == 1041


def test_drop_closes_without_an_answer(
    server: SandboxServer, client: httpx.Client, faults: Faults
) -> None:
    faults.add("drop")
    with pytest.raises(httpx.RemoteProtocolError):
        call(server, client)
    assert call(server, client).status_code == 200


def test_revoked_key_is_refused_from_then_on(
    server: SandboxServer, client: httpx.Client, faults: Faults
) -> None:
    assert call(server, client).status_code == 200
    faults.add("revoked")
    assert [call(server, client).status_code for _ in range(3)] == [401, 401, 401]
    faults.clear()
    assert call(server, client).status_code == 200


def test_short_hang_then_close(server: SandboxServer, client: httpx.Client, faults: Faults) -> None:
    faults.add("hang", seconds=0.2)
    started = time.monotonic()
    with pytest.raises(httpx.RemoteProtocolError):
        call(server, client)
    assert time.monotonic() - started >= 0.2


def test_stop_returns_promptly_while_a_request_hangs() -> None:
    faults = Faults().add("hang")  # until the server stops
    running = serve_timeclock(build_company(now=NOW, employees=5), token=TOKEN, faults=faults)
    with httpx.Client(timeout=0.3, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.post(running.url, json=rpc("sessions"))
    started = time.monotonic()
    running.stop()
    assert time.monotonic() - started < 2


def test_latency_delays_answers(
    server: SandboxServer, client: httpx.Client, faults: Faults
) -> None:
    faults.latency = 0.15
    started = time.monotonic()
    assert call(server, client).status_code == 200
    assert time.monotonic() - started >= 0.15


def test_error_rate_is_seeded() -> None:
    company = build_company(now=NOW, employees=3)
    runs = []
    for _ in range(2):
        faults = Faults(error_rate=0.5, seed=9)
        with serve_timeclock(company, token=TOKEN, faults=faults) as running:
            with httpx.Client(timeout=5, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
                runs.append([call(running, client).status_code for _ in range(12)])
    assert runs[0] == runs[1]
    assert set(runs[0]) == {200, 500}


def test_unknown_fault_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown fault 'slow'"):
        Faults().add("slow")
