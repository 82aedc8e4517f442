from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading

import httpx
import pytest

from tcbot.cli import main
from tests.sandbox.conftest import rpc


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_sandbox_timeclock_serves_until_stopped(stop: signal.Signals) -> None:
    command = [
        sys.executable,
        "-m",
        "tcbot",
        "sandbox",
        "timeclock",
        "--port",
        "0",
        "--employees",
        "5",
        "--days",
        "3",
        "--token",
        "t0ken",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(20, process.kill)
    watchdog.start()
    try:
        line = process.stdout.readline() if process.stdout else ""
        found = re.fullmatch(r"TIMECLOCK_API_URL=(\S+) TIMECLOCK_API_TOKEN=(\S+)\n", line)
        assert found, line
        url, token = found.groups()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/api/v1/json-rpc")
        reply = httpx.post(
            url,
            json=rpc("extended-sessions", "2000-01-01", "2100-01-01"),
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        ).json()
        assert [entry["employeeNumber"] for entry in reply["result"]] == [
            "1001",
            "1002",
            "1003",
            "1004",
            "1005",
        ]
        process.send_signal(stop)
        assert process.wait(timeout=10) == 0
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=5)


def test_bad_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["sandbox", "timeclock", "--port", "70000"])
    assert exit_info.value.code == 2
    assert "70000 is not a port" in capsys.readouterr().err
