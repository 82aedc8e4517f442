from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tcbot.checks import check_startup
from tcbot.errors import ConfigError
from tcbot.runtime import Bot
from tcbot.sandbox.roster import MANAGERS, TEAM_CHANNELS
from tcbot.sandbox.slack_api import SandboxSlack
from tcbot.sandbox.slack_workspace import dm_channel_id
from tests.sandboxes import running_sandboxes


def wait_for_messages(slack: SandboxSlack, channel: str, timeout: float = 5.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        texts = [message["text"] for message in slack.messages(channel)]
        if texts:
            return texts
        time.sleep(0.05)
    return []


def test_the_assembled_bot_polls_delivers_serves_and_stops(tmp_path: Path) -> None:
    with running_sandboxes(tmp_path) as boxes:
        yesterday = boxes.company.today - timedelta(days=1)
        forgot = next(
            boxes.company.person(p.employee_number)
            for p in boxes.company.planted
            if p.kind == "missing_punch_out" and p.day == yesterday
        )
        checked = check_startup(boxes.env, cwd=tmp_path)
        bot = Bot(
            checked.settings,
            clock=lambda: datetime.now(UTC),
            policy=checked.policy,
            host="127.0.0.1",
            port=0,
            deliver_every=timedelta(seconds=0.1),
            channel_gap_s=0,
        )
        with bot:
            bot.start()
            assert bot.url is not None
            health = httpx.get(bot.url.replace("/slack/events", "/health"), timeout=5)
            in_channel = wait_for_messages(boxes.slack, TEAM_CHANNELS[forgot.team])
            to_manager = wait_for_messages(boxes.slack, dm_channel_id(MANAGERS[forgot.team]))
        after_stop = len(boxes.slack.calls)
        time.sleep(0.3)  # three delivery intervals: nothing may run after stop
        assert len(boxes.slack.calls) == after_stop

    assert health.status_code == 200
    assert any(f"<@{forgot.slack_id}>" in text for text in in_channel), in_channel
    assert any(f"<@{forgot.slack_id}>" in text for text in to_manager), to_manager
    assert bot.describe().startswith(f"mode=http url={bot.url} db={tmp_path / 'tcbot.db'}")
    assert "zone=Asia/Jerusalem" in bot.describe()
    assert not bot.scheduler.running


def test_socket_mode_is_chosen_by_the_app_token(tmp_path: Path) -> None:
    with running_sandboxes(tmp_path) as boxes:
        env = {**boxes.env, "SLACK_APP_TOKEN": "xapp-1-abc"}
        settings = check_startup(env, cwd=tmp_path).settings
        with Bot(settings, clock=lambda: datetime.now(UTC), host="127.0.0.1", port=0) as bot:
            described = bot.describe()
        with Bot(
            settings, clock=lambda: datetime.now(UTC), host="127.0.0.1", port=0, http_mode=True
        ) as forced:
            forced_mode = forced.mode

    assert described.startswith(f"mode=socket slack_api={boxes.env['SLACK_API_URL']} ")
    assert "xapp-1-abc" not in described
    assert forced_mode == "http"


def test_unchecked_settings_are_refused_before_anything_opens(tmp_path: Path) -> None:
    settings = check_startup({"TCBOT_DB": str(tmp_path / "x.db")}, cwd=tmp_path).settings

    with pytest.raises(ConfigError, match="TIMECLOCK_API_TOKEN: not set"):
        Bot(settings, clock=lambda: datetime.now(UTC), host="127.0.0.1", port=0)
    assert not (tmp_path / "x.db").exists()


def test_without_a_policy_timezone_the_digest_moves_to_the_sessions_zone(tmp_path: Path) -> None:
    with running_sandboxes(tmp_path) as boxes:
        checked = check_startup(boxes.env, cwd=tmp_path)
        policy = replace(checked.policy, timezone=None)
        bot = Bot(
            checked.settings,
            clock=lambda: datetime.now(UTC),
            policy=policy,
            host="127.0.0.1",
            port=0,
        )
        with bot:
            assert str(bot.scheduler.get_job("digest").trigger.timezone) == "UTC"
            bot.scheduler.get_job("poll").func()  # one poll, as the scheduler would run it

            digest = bot.scheduler.get_job("digest").trigger
            purge = bot.scheduler.get_job("purge").trigger

    assert bot.zone == "Asia/Jerusalem"
    assert (str(digest.timezone), str(purge.timezone)) == ("Asia/Jerusalem", "Asia/Jerusalem")
    assert str(digest) == "cron[hour='17', minute='30']"
