"""Checking the environment and the policy file before the bot starts, every problem at once.

`tcbot run` prints each problem on its own line and stops; `tcbot doctor` prints a line per
check. Both read the same `Checked`, so they never disagree about what is wrong.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tcbot.errors import ConfigError
from tcbot.policy.load import load_policy
from tcbot.policy.model import Policy
from tcbot.settings import Settings

# Every variable PRODUCT.md lists; `Settings.from_env` reads no others.
ENV_VARIABLES = (
    "TIMECLOCK_API_TOKEN",
    "TIMECLOCK_API_URL",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "TCBOT_DB",
    "TCBOT_CONFIG",
)
NO_ACCOUNTS = (
    "neither TIMECLOCK_API_TOKEN nor SLACK_BOT_TOKEN is set. To try tcbot with no accounts,"
    " run `tcbot demo`; to run it for real, export the variables the README lists"
    " (`tcbot doctor` checks them)"
)


@dataclass(frozen=True, slots=True)
class Checked:
    """The settings as far as they could be read, the policy if it could be read, and every
    problem found, in the order a person would fix them."""

    settings: Settings
    policy: Policy | None
    problems: tuple[ConfigError, ...]
    http_mode: bool

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def no_accounts(self) -> bool:
        """Nothing at all is configured: the person most likely wants `tcbot demo`."""
        return not self.settings.timeclock_token and not self.settings.slack_bot_token

    def problem_with(self, setting: str) -> ConfigError | None:
        return next((p for p in self.problems if p.setting == setting), None)


def check_startup(
    env: Mapping[str, str] | None = None,
    *,
    cwd: Path | None = None,
    force_http: bool = False,
) -> Checked:
    """Read and check everything `tcbot run` needs. Socket mode when SLACK_APP_TOKEN is set,
    unless `force_http`. Never raises for a bad setting: each one is in `problems`."""
    settings, problems = read_settings(env, cwd=cwd)
    http_mode = force_http or not settings.socket_mode
    problems.extend(settings.problems(http_mode=http_mode))
    policy = None
    if not any(p.setting == "TCBOT_CONFIG" for p in problems):
        try:
            policy = load_policy(settings.config_path)
        except ConfigError as problem:
            problems.append(problem)
    return Checked(settings, policy, tuple(_in_order(problems)), http_mode)


def read_settings(
    env: Mapping[str, str] | None = None, *, cwd: Path | None = None
) -> tuple[Settings, list[ConfigError]]:
    """`Settings.from_env`, but collecting every unreadable variable instead of stopping at
    the first: each one found is noted and set aside (left at its default) and the rest are
    read again."""
    remaining = dict(os.environ if env is None else env)
    problems: list[ConfigError] = []
    while True:
        try:
            return Settings.from_env(remaining, cwd=cwd), problems
        except ConfigError as problem:
            if problem.setting not in remaining:
                raise  # not a variable we could set aside; cannot happen with from_env as is
            problems.append(problem)
            del remaining[problem.setting]


def _in_order(problems: list[ConfigError]) -> list[ConfigError]:
    """Problems in the order of PRODUCT.md's table, policy problems last."""
    rank = {name: index for index, name in enumerate(ENV_VARIABLES)}
    return sorted(problems, key=lambda p: rank.get(p.setting, len(rank)))
