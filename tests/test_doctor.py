from __future__ import annotations

import re
from pathlib import Path

import pytest

from tcbot.checks import ENV_VARIABLES
from tcbot.cli import main
from tcbot.doctor import NEEDED_SCOPES
from tcbot.sandbox.roster import TEAM_CHANNELS
from tcbot.sandbox.slack_workspace import DEFAULT_SCOPES
from tests.sandboxes import running_sandboxes

MANIFEST = Path(__file__).resolve().parent.parent / "manifest.yml"


def doctor(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: dict[str, str]
) -> tuple[int, list[str]]:
    for name in ENV_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(["doctor"])
    out = capsys.readouterr().out
    for secret in (env.get("TIMECLOCK_API_TOKEN"), env.get("SLACK_BOT_TOKEN")):
        assert not secret or secret not in out
    return code, out.splitlines()


def failures(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("FAIL")]


def test_all_ok_against_the_sandboxes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandboxes(tmp_path) as boxes:
        code, lines = doctor(monkeypatch, capsys, boxes.env)

    assert code == 0, lines
    assert lines[-1] == "All checks passed."
    assert failures(lines) == []
    text = "\n".join(lines)
    assert "ok    TIMECLOCK_API_TOKEN is set" in text
    assert "ok    SLACK_SIGNING_SECRET is set (HTTP mode)" in text
    assert "reads: teams 4, admins 1, a poll every 5 min" in text
    assert re.search(r"ok    TimeClock 365 accepts the key: \d+ sessions today", text)
    assert "ok    SLACK_BOT_TOKEN works: bot @tcbot in the Sandbox Company workspace" in text
    assert "ok    the token has all 7 scopes the features need" in text
    assert "ok    @tcbot is in #alerts (C0ALERTS), the alerts channel" in text
    assert "ok    @tcbot is in #support (C0SUPPORT), the Support team's channel" in text
    assert "ok    all 5 admins and managers the policy names are Slack users" in text


def test_bot_missing_from_a_channel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandboxes(tmp_path) as boxes:
        channels = {cid: name for cid, name in boxes.slack.workspace.channels.items()}
        del channels[TEAM_CHANNELS["Sales"]]
        boxes.slack.workspace.channels = channels
        boxes.slack.workspace.other_channels = {TEAM_CHANNELS["Sales"]: "sales"}
        code, lines = doctor(monkeypatch, capsys, boxes.env)

    assert code == 1
    assert failures(lines) == [
        "FAIL  @tcbot is not in #sales (C0SALES), the Sales team's channel:"
        " type `/invite @tcbot` in #sales"
    ]
    assert lines[-1] == "1 check failed; fix them and run `tcbot doctor` again."


def test_missing_scopes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandboxes(tmp_path) as boxes:
        boxes.slack.workspace.scopes = tuple(
            scope for scope in DEFAULT_SCOPES if scope not in ("groups:read", "channels:read")
        )
        code, lines = doctor(monkeypatch, capsys, boxes.env)

    assert code == 1
    found = failures(lines)
    assert found[0].startswith("FAIL  the token lacks the channels:read scope (checking the bot")
    assert found[1].startswith("FAIL  the token lacks the groups:read scope (checking the bot")
    assert "then reinstall the app" in found[1]
    # Without channels:read Slack will not say whether the bot is in its channels.
    assert found[2] == (
        "FAIL  cannot check channel C0ALERTS (the alerts channel): the token lacks"
        " channels:read (see the scope lines above)"
    )


def test_refused_timeclock_key_and_unknown_manager(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandboxes(tmp_path) as boxes:
        workspace = boxes.slack.workspace
        workspace.users = [user for user in workspace.users if user["id"] != "U0MGRENG"]
        env = {**boxes.env, "TIMECLOCK_API_TOKEN": "revoked-key"}
        code, lines = doctor(monkeypatch, capsys, env)

    assert code == 1
    assert failures(lines) == [
        "FAIL  TimeClock 365: the key was refused: create a new API key in TimeClock 365"
        " under Integrations and export it as TIMECLOCK_API_TOKEN",
        "FAIL  U0MGRENG (manager of Engineering) is not a user in this workspace; fix the ID"
        " in TCBOT_CONFIG (the person's Slack profile > ... > Copy member ID)",
    ]


def test_refused_slack_token_skips_the_slack_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandboxes(tmp_path) as boxes:
        env = {**boxes.env, "SLACK_BOT_TOKEN": "xoxb-revoked"}
        code, lines = doctor(monkeypatch, capsys, env)

    assert code == 1
    assert failures(lines) == [
        "FAIL  Slack refused SLACK_BOT_TOKEN (invalid_auth): reinstall the app to the workspace"
        " and export its Bot User OAuth Token (xoxb-...)"
    ]
    assert "note  Slack scopes, channels and people not checked" in "\n".join(lines)


def test_settings_problems_each_get_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, lines = doctor(monkeypatch, capsys, {"TIMECLOCK_API_URL": "ftp://example.com"})

    assert code == 1
    assert lines[0].startswith("FAIL  TIMECLOCK_API_TOKEN: not set; create an API key")
    assert lines[1].startswith("FAIL  SLACK_BOT_TOKEN: not set;")
    assert lines[2].startswith("FAIL  SLACK_SIGNING_SECRET: required in HTTP mode")
    assert lines[3] == "FAIL  TIMECLOCK_API_URL: 'ftp://example.com' is not an http(s) URL"
    assert lines[4].startswith("note  no policy file")
    assert "note  TimeClock 365 not checked: fix its settings above first" in lines
    assert "note  Slack not checked: fix its settings above first" in lines


def test_needed_scopes_are_the_manifests() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    bot_scopes = text.split("    bot:\n", 1)[1].split("settings:", 1)[0]
    granted = re.findall(r"^\s+- ([a-z:.]+)", bot_scopes, flags=re.MULTILINE)
    assert sorted(granted) == sorted(NEEDED_SCOPES)
    assert sorted(DEFAULT_SCOPES) == sorted(NEEDED_SCOPES)


def test_a_workspace_without_the_bot_in_any_channel_is_all_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandboxes(tmp_path) as boxes:
        boxes.slack.workspace.channels = {}
        boxes.slack.workspace.other_channels = {"C0ALERTS": "alerts"}
        code, lines = doctor(monkeypatch, capsys, boxes.env)

    assert code == 1
    assert "FAIL  channel C0SUPPORT (the Support team's channel) was not found" in "\n".join(lines)
    assert len(failures(lines)) == 5


def test_a_slack_url_that_is_not_slack_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandboxes(tmp_path) as boxes:
        # The sandbox TimeClock answers, but not as Slack's Web API does.
        not_slack = boxes.env["TIMECLOCK_API_URL"].split("/api/")[0] + "/"
        code, lines = doctor(monkeypatch, capsys, {**boxes.env, "SLACK_API_URL": not_slack})

    assert code == 1
    [slack_failure] = [line for line in failures(lines) if "SLACK_" in line]
    assert slack_failure.startswith(f"FAIL  {not_slack} did not answer as Slack's Web API does")
    assert "check SLACK_API_URL" in slack_failure
