from __future__ import annotations

import gc
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tcbot.checks import ENV_VARIABLES
from tcbot.cli import main
from tests.sandboxes import SIGNING_SECRET, running_sandboxes, scrubbed_env

BROKEN_POLICY = 'timezone = "Asia/Jerusalem"\npoll_every = "5m"\ndigest_at = "25:00"\n'
STARTUP = re.compile(r"tcbot started mode=http url=http://127\.0\.0\.1:(\d+)/slack/events")


def tcbot_run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tcbot", "run", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_no_settings_at_all_points_to_the_demo(tmp_path: Path) -> None:
    done = tcbot_run(scrubbed_env(tmp_path), tmp_path)

    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "tcbot run: neither TIMECLOCK_API_TOKEN nor SLACK_BOT_TOKEN is set. To try tcbot with"
        " no accounts, run `tcbot demo`; to run it for real, export the variables the README"
        " lists (`tcbot doctor` checks them)"
    ]


def test_every_problem_gets_its_own_line(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(BROKEN_POLICY, encoding="utf-8")
    env = {
        **scrubbed_env(tmp_path),
        "TIMECLOCK_API_TOKEN": "Bearer abc123",
        "TIMECLOCK_API_URL": "live.timeclock365.com/api/v1/json-rpc",
        "SLACK_BOT_TOKEN": "xoxp-user-token",
        "TCBOT_CONFIG": str(policy),
    }
    done = tcbot_run(env, tmp_path)

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert [line.split(":")[1].strip() for line in lines] == [
        "TIMECLOCK_API_TOKEN",
        "TIMECLOCK_API_URL",
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "TCBOT_CONFIG (line 3)",
    ]
    assert "without quotes or a `Bearer ` prefix" in lines[0]
    assert "is not an http(s) URL" in lines[1]
    assert "should start with xoxb-" in lines[2]
    assert "required in HTTP mode" in lines[3]
    assert "`digest_at` is '25:00', not a time" in lines[4]
    assert "abc123" not in done.stderr


def run_in_process(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    *args: str,
) -> tuple[int, list[str]]:
    for name in ENV_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(["run", *args])
    return code, capsys.readouterr().err.splitlines()


GOOD = {
    "TIMECLOCK_API_TOKEN": "tc-key",
    "SLACK_BOT_TOKEN": "xoxb-1-2-3",
    "SLACK_SIGNING_SECRET": "s3cret",
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"SLACK_BOT_TOKEN": "xoxb-1 2"},
            "tcbot run: SLACK_BOT_TOKEN: has spaces or quotes; export the token alone",
        ),
        (
            {"SLACK_API_URL": "slack.com/api"},
            "tcbot run: SLACK_API_URL: 'slack.com/api' is not an http(s) URL",
        ),
        (
            {"SLACK_SIGNING_SECRET": ""},
            "tcbot run: SLACK_SIGNING_SECRET: required in HTTP mode; copy it from the app's"
            " Basic Information page",
        ),
        (
            {"SLACK_APP_TOKEN": "xoxb-not-an-app-token"},
            "tcbot run: SLACK_APP_TOKEN: should start with xapp- (an app-level token with"
            " connections:write)",
        ),
        (
            {"TCBOT_CONFIG": "missing.toml"},
            "tcbot run: TCBOT_CONFIG: no policy file at {tmp}/missing.toml; fix the path or"
            " unset it",
        ),
        (
            {"TCBOT_CONFIG": "broken.toml"},
            "tcbot run: TCBOT_CONFIG (line 3): in {tmp}/broken.toml, `digest_at` is '25:00',"
            ' not a time; write it as "HH:MM", like "09:00"',
        ),
    ],
)
def test_one_problem_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    change: dict[str, str],
    expected: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.toml").write_text(BROKEN_POLICY, encoding="utf-8")
    code, lines = run_in_process(monkeypatch, capsys, {**GOOD, **change})

    assert code == 2
    assert lines == [expected.format(tmp=tmp_path)]


class StderrLines:
    """Collects a child's stderr lines as they come, so a test can wait for one."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for(self, pattern: str, timeout: float = 10.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines:
                    found = re.search(pattern, line)
                    if found:
                        return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no line matching {pattern!r} in:\n" + self.text)
                self._changed.wait(left)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def finish(self) -> None:
        self._thread.join(timeout=5)


def test_runs_against_the_sandboxes_and_stops_on_sigterm(tmp_path: Path) -> None:
    with running_sandboxes(tmp_path) as boxes:
        env = {**scrubbed_env(tmp_path), **boxes.env}
        process = subprocess.Popen(
            [sys.executable, "-m", "tcbot", "run", "--http", "--port", "0", "--host", "127.0.0.1"],
            env=env,
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        stderr = StderrLines(process)
        try:
            started = stderr.wait_for(STARTUP.pattern)
            polled = stderr.wait_for(r"poll ok records=(\d+) .*api_calls=(\d+)")
            health = httpx.get(f"http://127.0.0.1:{started.group(1)}/health", timeout=5)
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=5)
        stderr.finish()
        assert process.stderr is not None
        process.stderr.close()

    assert health.status_code == 200
    assert code == 0
    assert int(polled.group(1)) > 0 and int(polled.group(2)) == 2
    startup = next(line for line in stderr.lines if STARTUP.search(line))
    assert f"db={tmp_path / 'tcbot.db'} policy={tmp_path / 'tcbot.toml'}" in startup
    assert "poll_every=5m" in startup
    assert "tcbot stopped mode=http" in stderr.lines[-1]
    assert "Traceback" not in stderr.text
    for secret in (boxes.env["TIMECLOCK_API_TOKEN"], boxes.env["SLACK_BOT_TOKEN"], SIGNING_SECRET):
        assert secret not in stderr.text


def test_socket_mode_refused_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandboxes(tmp_path) as boxes:
        env = {**boxes.env, "SLACK_APP_TOKEN": "xapp-1-not-this-workspace"}
        code, lines = run_in_process(monkeypatch, capsys, env)

    assert code == 2
    assert lines[-1] == (
        "tcbot run: SLACK_APP_TOKEN: Slack refused the socket-mode connection (invalid_auth);"
        " use an app-level token with connections:write, with socket mode on"
    )
    assert not any("tcbot started" in line for line in lines)


# waitress leaves its half-built server (socket and pipe) to the garbage collector when the
# port is taken; collect it here, where that is expected, rather than in a later test.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_busy_port_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken, running_sandboxes(tmp_path) as boxes:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, lines = run_in_process(
            monkeypatch, capsys, boxes.env, "--http", "--host", "127.0.0.1", "--port", str(port)
        )
        gc.collect()

    assert code == 2
    assert lines[-1] == (
        f"tcbot run: cannot listen on 127.0.0.1:{port} (Address already in use);"
        " pick another --port or --host"
    )


def test_refused_slack_token_stops_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandboxes(tmp_path) as boxes:
        env = {**boxes.env, "SLACK_BOT_TOKEN": "xoxb-revoked"}
        code, lines = run_in_process(monkeypatch, capsys, env, "--http", "--port", "0")

    assert code == 2
    assert lines[-1].startswith("tcbot run: SLACK_BOT_TOKEN: Slack did not accept it (")
    assert "invalid_auth" in lines[-1]
    assert "xoxb-revoked" not in "\n".join(lines)


def test_an_address_that_cannot_be_bound_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandboxes(tmp_path) as boxes:
        code, lines = run_in_process(
            monkeypatch, capsys, boxes.env, "--http", "--host", "256.1.1.1", "--port", "0"
        )
        gc.collect()

    assert code == 2
    assert lines[-1] == (
        "tcbot run: '256.1.1.1' is not an address to listen on; use an IP such as 0.0.0.0"
        " or 127.0.0.1 with --host"
    )
