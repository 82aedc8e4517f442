"""Settings read from the environment (PRODUCT.md, "Environment").

`Settings.from_env` is called by the entry points only; everything below them
takes a `Settings` (or the pieces it needs) as an argument.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tcbot.errors import ConfigError

DEFAULT_TIMECLOCK_URL = "https://live.timeclock365.com/api/v1/json-rpc"
DEFAULT_SLACK_URL = "https://slack.com/api/"


@dataclass(frozen=True, slots=True)
class Settings:
    timeclock_token: str | None = None
    timeclock_url: str = DEFAULT_TIMECLOCK_URL
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = DEFAULT_SLACK_URL
    db_path: Path = Path("tcbot.db")
    config_path: Path | None = None  # None: built-in defaults

    def __repr__(self) -> str:
        # Tokens never reach a log line, even through a repr.
        return (
            f"Settings(timeclock_url={self.timeclock_url!r}, slack_api_url={self.slack_api_url!r}, "
            f"db_path={str(self.db_path)!r}, config_path={self.config_path!r}, "
            f"socket_mode={self.socket_mode})"
        )

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, cwd: Path | None = None) -> Settings:
        env = os.environ if env is None else env
        cwd = Path.cwd() if cwd is None else cwd

        def value(name: str) -> str | None:
            raw = env.get(name, "").strip()
            return raw or None

        config_path: Path | None
        if value("TCBOT_CONFIG"):
            config_path = Path(value("TCBOT_CONFIG") or "")
            if not config_path.is_absolute():
                config_path = cwd / config_path
            if not config_path.is_file():
                raise ConfigError(
                    "TCBOT_CONFIG", f"no policy file at {config_path}; fix the path or unset it"
                )
        else:
            default = cwd / "tcbot.toml"
            config_path = default if default.is_file() else None

        db = Path(value("TCBOT_DB") or "tcbot.db")
        return cls(
            timeclock_token=value("TIMECLOCK_API_TOKEN"),
            timeclock_url=_url(
                value("TIMECLOCK_API_URL"), DEFAULT_TIMECLOCK_URL, "TIMECLOCK_API_URL"
            ),
            slack_bot_token=value("SLACK_BOT_TOKEN"),
            slack_signing_secret=value("SLACK_SIGNING_SECRET"),
            slack_app_token=value("SLACK_APP_TOKEN"),
            slack_api_url=_slack_url(value("SLACK_API_URL")),
            db_path=db if db.is_absolute() else cwd / db,
            config_path=config_path,
        )

    # -- what each command needs --------------------------------------------------

    def require_timeclock(self) -> str:
        problem = self._timeclock_problem()
        if problem is not None:
            raise problem
        assert self.timeclock_token is not None
        return self.timeclock_token

    def require_slack(self, *, http_mode: bool) -> None:
        problems = self._slack_problems(http_mode=http_mode, app_token=True)
        if problems:
            raise problems[0]

    def problems(self, *, http_mode: bool) -> list[ConfigError]:
        """Every token or secret `tcbot run` needs in this mode that is missing or malformed,
        each naming its variable and what to do; empty when all are fine. The app token is
        only checked in socket mode, where it is used."""
        timeclock = self._timeclock_problem()
        found = [] if timeclock is None else [timeclock]
        return found + self._slack_problems(http_mode=http_mode, app_token=not http_mode)

    def _timeclock_problem(self) -> ConfigError | None:
        token = self.timeclock_token
        if not token:
            return ConfigError(
                "TIMECLOCK_API_TOKEN",
                "not set; create an API key in TimeClock 365 under Integrations and export it"
                " (or try `tcbot demo`, which needs no accounts)",
            )
        if not _plain_token(token):
            return ConfigError(
                "TIMECLOCK_API_TOKEN",
                "has spaces, quotes or unusual characters; export the key alone, as TimeClock"
                " 365 shows it, without quotes or a `Bearer ` prefix",
            )
        return None

    def _slack_problems(self, *, http_mode: bool, app_token: bool) -> list[ConfigError]:
        found = []
        token = self.slack_bot_token
        if not token:
            found.append(
                ConfigError(
                    "SLACK_BOT_TOKEN",
                    "not set; install the app to your workspace and export its xoxb- bot token"
                    " (or try `tcbot demo`, which needs no accounts)",
                )
            )
        elif not token.startswith("xoxb-"):
            found.append(ConfigError("SLACK_BOT_TOKEN", "should start with xoxb- (the bot token)"))
        elif not _plain_token(token):
            found.append(
                ConfigError("SLACK_BOT_TOKEN", "has spaces or quotes; export the token alone")
            )
        if app_token and self.slack_app_token and not self.slack_app_token.startswith("xapp-"):
            found.append(
                ConfigError(
                    "SLACK_APP_TOKEN",
                    "should start with xapp- (an app-level token with connections:write)",
                )
            )
        if http_mode and not self.slack_signing_secret:
            found.append(
                ConfigError(
                    "SLACK_SIGNING_SECRET",
                    "required in HTTP mode; copy it from the app's Basic Information page",
                )
            )
        return found


def _plain_token(token: str) -> bool:
    """A token as issued: printable ASCII with no spaces or quotes (it goes into a header)."""
    return token.isascii() and token.isprintable() and not any(c in token for c in " \"'")


def _url(raw: str | None, default: str, name: str) -> str:
    if raw is None:
        return default
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(name, f"{raw!r} is not an http(s) URL")
    return raw


def _slack_url(raw: str | None) -> str:
    url = _url(raw, DEFAULT_SLACK_URL, "SLACK_API_URL")
    return url if url.endswith("/") else url + "/"
