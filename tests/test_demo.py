"""`tcbot demo`: run as a person would, with no accounts, reading what the terminal shows."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from tests.sandboxes import scrubbed_env

RUN_LIMIT_S = 60  # the run itself takes a few seconds; this only stops a hung one


def demo(tmp_path: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "tcbot", "demo", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env or scrubbed_env(tmp_path),
        timeout=RUN_LIMIT_S,
    )


def messages(stdout: str) -> list[str]:
    """Each numbered message as printed: from its `[N] where` line to the next blank line."""
    return re.findall(r"^\[\d+\] .*?(?=\n\n|\Z)", stdout, flags=re.M | re.S)


def answer_to(stdout: str, typed: str) -> str:
    """What was printed after someone typed `typed`, up to the next person typing."""
    after = stdout.split(f"types:  {typed}\n", 1)[1]
    return re.split(r"\n\n\S.* types:  |\n\n\d\. ", after, maxsplit=1)[0]


def test_demo_once_shows_alerts_dms_and_answers_then_exits_0(tmp_path):
    run = demo(tmp_path, "--once")

    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert out.startswith("tcbot demo\n")
    assert "No accounts are needed" in out
    shown = messages(out)
    in_channels = [m for m in shown if re.match(r"\[\d+\] #[a-z]", m)]
    assert any("[ Acknowledge ]" in m and "[ Snooze for today ]" in m for m in in_channels)
    assert any(re.match(r"\[\d+\] DM to @.+ \(manager\)", m) for m in shown)
    assert not any("<@" in m or "*" in m for m in shown)

    hours = answer_to(out, "/hours @dana this week")
    assert "(Slack sends the text as: <@U1001|dana> this week)" in hours
    assert "only visible to you" in hours
    assert "Hours for @Dana Levi · this week" in hours
    assert re.search(r"Worked\s+Lunch\n\s+\d+h \d+m\s+\d+h \d+m", hours)
    assert "Hours for @Dana Levi · last week" in answer_to(out, "/hours me last week")
    assert "Who's in · Support" in answer_to(out, "/whosin")
    assert "TimeClock 365 is reachable" in answer_to(out, "/tcbot status")

    # The button pressed at the end edits the alert's copies, shown again with the news.
    acknowledged = [m for m in shown if "(edited)" in m.split("\n")[0]]
    assert acknowledged and all("Acknowledged by @" in m for m in acknowledged)
    assert not list(tmp_path.iterdir()), "the demo leaves no files behind"


def test_demo_reads_commands_from_stdin_and_never_the_real_tokens(tmp_path):
    env = scrubbed_env(tmp_path)
    # An operator's real settings point elsewhere; the demo must not use them.
    env.update(
        SLACK_BOT_TOKEN="xoxb-real-token",
        SLACK_API_URL="http://127.0.0.1:9/api/",
        TIMECLOCK_API_TOKEN="real-key",
        TIMECLOCK_API_URL="http://127.0.0.1:9/api/v1/json-rpc",
    )

    run = demo(tmp_path, stdin="/whosin\nas @maya\nwho knows\nquit\n", env=env)

    assert run.returncode == 0, run.stderr
    out = run.stdout
    typed = out.split("you (@dana) > /whosin\n", 1)[1]
    answer, rest = typed.split("\nyou (@dana) > as @maya\n", 1)
    assert answer.startswith("only visible to you\n")
    assert "Who's in · Support" in answer and "In now (" in answer
    assert rest.startswith("Now typing as Maya Friedman (manager of Sales).")
    assert "you (@maya) > who knows\n'who' is not something the demo knows" in rest
    assert "you (@maya) > quit" in rest


def test_demo_ends_cleanly_at_the_end_of_input(monkeypatch, capsys):
    from tcbot.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("/tcbot help"))  # no newline, then EOF

    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "you (@dana) > /tcbot help\nonly visible to you\n    tcbot: attendance" in out
    assert out.endswith("you (@dana) > \n")
