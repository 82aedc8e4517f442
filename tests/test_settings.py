from __future__ import annotations

from pathlib import Path

import pytest

from tcbot.checks import check_startup, read_settings
from tcbot.errors import ConfigError
from tcbot.settings import Settings

GOOD = {
    "TIMECLOCK_API_TOKEN": "tc-key-123",
    "SLACK_BOT_TOKEN": "xoxb-1-2-3",
    "SLACK_SIGNING_SECRET": "s3cret",
}


def messages(problems: list[ConfigError] | tuple[ConfigError, ...]) -> list[str]:
    return [str(problem) for problem in problems]


def test_every_missing_token_is_named_at_once() -> None:
    problems = Settings().problems(http_mode=True)

    assert [p.setting for p in problems] == [
        "TIMECLOCK_API_TOKEN",
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
    ]
    assert all("tcbot demo" in m for m in messages(problems)[:2])


def test_socket_mode_needs_no_signing_secret_but_a_real_app_token() -> None:
    settings = Settings(timeclock_token="k", slack_bot_token="xoxb-1", slack_app_token="xoxb-2")

    assert messages(settings.problems(http_mode=False)) == [
        "SLACK_APP_TOKEN: should start with xapp- (an app-level token with connections:write)"
    ]
    # Forced into HTTP mode, the app token is not used, so it is not judged; the secret is.
    assert [p.setting for p in settings.problems(http_mode=True)] == ["SLACK_SIGNING_SECRET"]


@pytest.mark.parametrize("token", ["Bearer abc", '"abc"', "abc def", "ключ"])
def test_a_pasted_timeclock_key_with_extras_is_malformed(token: str) -> None:
    settings = Settings(timeclock_token=token, slack_bot_token="xoxb-1", slack_signing_secret="s")

    assert messages(settings.problems(http_mode=True)) == [
        "TIMECLOCK_API_TOKEN: has spaces, quotes or unusual characters; export the key alone,"
        " as TimeClock 365 shows it, without quotes or a `Bearer ` prefix"
    ]
    with pytest.raises(ConfigError, match="TIMECLOCK_API_TOKEN: has spaces"):
        settings.require_timeclock()


def test_require_methods_still_raise_the_first_problem() -> None:
    settings = Settings(timeclock_token="k", slack_bot_token="xoxp-user")

    assert settings.require_timeclock() == "k"
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN: should start with xoxb-"):
        settings.require_slack(http_mode=True)


def test_read_settings_collects_every_unreadable_variable(tmp_path: Path) -> None:
    env = {
        **GOOD,
        "TIMECLOCK_API_URL": "timeclock.example.com",
        "SLACK_API_URL": "ftp://slack.example.com",
        "TCBOT_CONFIG": "nowhere.toml",
        "TCBOT_DB": "state/tcbot.db",
    }
    settings, problems = read_settings(env, cwd=tmp_path)

    assert sorted(messages(problems)) == [
        "SLACK_API_URL: 'ftp://slack.example.com' is not an http(s) URL",
        f"TCBOT_CONFIG: no policy file at {tmp_path}/nowhere.toml; fix the path or unset it",
        "TIMECLOCK_API_URL: 'timeclock.example.com' is not an http(s) URL",
    ]
    # What could be read was read.
    assert settings.db_path == tmp_path / "state" / "tcbot.db"
    assert settings.slack_bot_token == "xoxb-1-2-3"


def test_check_startup_reads_the_policy_and_picks_the_mode(tmp_path: Path) -> None:
    (tmp_path / "tcbot.toml").write_text('poll_every = "2m"\n', encoding="utf-8")

    checked = check_startup(GOOD, cwd=tmp_path)

    assert checked.ok and checked.http_mode
    assert checked.policy is not None and checked.policy.poll_every.total_seconds() == 120
    socket = check_startup({**GOOD, "SLACK_APP_TOKEN": "xapp-1"}, cwd=tmp_path)
    assert not socket.http_mode
    forced = check_startup({**GOOD, "SLACK_APP_TOKEN": "xapp-1"}, cwd=tmp_path, force_http=True)
    assert forced.http_mode


def test_check_startup_shows_the_policy_line(tmp_path: Path) -> None:
    (tmp_path / "tcbot.toml").write_text('timezone = "Asia/Jerusalem"\nretention = "forever"\n')

    checked = check_startup(GOOD, cwd=tmp_path)

    assert checked.policy is None
    assert [(p.setting, p.line) for p in checked.problems] == [("TCBOT_CONFIG", 2)]


def test_no_accounts_means_neither_token(tmp_path: Path) -> None:
    assert check_startup({}, cwd=tmp_path).no_accounts
    assert not check_startup({"SLACK_BOT_TOKEN": "xoxb-1"}, cwd=tmp_path).no_accounts
    assert not check_startup({"TIMECLOCK_API_TOKEN": "k"}, cwd=tmp_path).no_accounts


def test_settings_repr_holds_no_token() -> None:
    shown = repr(Settings(timeclock_token="tc-secret", slack_bot_token="xoxb-secret"))

    assert "secret" not in shown
