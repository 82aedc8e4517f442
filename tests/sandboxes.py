"""Both sandboxes on loopback with a small company, and the environment that points tcbot at them.

Shared by tests/test_run.py and tests/test_doctor.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tcbot.sandbox.company import Company, build_company
from tcbot.sandbox.faults import Faults
from tcbot.sandbox.roster import ALERTS_CHANNEL, TEAM_CHANNELS
from tcbot.sandbox.slack_api import SandboxSlack, serve_slack
from tcbot.sandbox.slack_workspace import Workspace
from tcbot.sandbox.timeclock_api import SandboxServer, serve_timeclock

TIMECLOCK_TOKEN = "sandbox-token"
SIGNING_SECRET = "sandbox-signing-secret"
EMPLOYEES = 12


@dataclass(slots=True)
class Sandboxes:
    company: Company
    timeclock: SandboxServer
    slack: SandboxSlack
    env: dict[str, str]


def sandbox_workspace(company: Company, **changes: object) -> Workspace:
    """A workspace holding the company's people, with the bot in every channel the policy
    names; `changes` override Workspace fields (channels, other_channels, scopes...)."""
    channels = {ALERTS_CHANNEL: "alerts"}
    channels.update({cid: team.lower() for team, cid in TEAM_CHANNELS.items()})
    fields: dict[str, object] = {"users": company.slack_users(), "channels": channels}
    fields.update(changes)
    return Workspace(**fields)  # type: ignore[arg-type]


def scrubbed_env(tmp_path: Path) -> dict[str, str]:
    """Only what a process needs to start Python; none of tcbot's variables."""
    return {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"}


@contextmanager
def running_sandboxes(
    tmp_path: Path,
    *,
    now: datetime | None = None,
    workspace: Workspace | None = None,
    employees: int = EMPLOYEES,
    faults: Faults | None = None,
) -> Iterator[Sandboxes]:
    company = build_company(employees=employees, days=3, now=now or datetime.now(UTC))
    policy_file = tmp_path / "tcbot.toml"
    policy_file.write_text(company.policy_toml(), encoding="utf-8")
    workspace = workspace or sandbox_workspace(company)
    with (
        serve_timeclock(company, token=TIMECLOCK_TOKEN, faults=faults) as timeclock,
        serve_slack(workspace) as slack,
    ):
        env = {
            "TIMECLOCK_API_TOKEN": TIMECLOCK_TOKEN,
            "TIMECLOCK_API_URL": timeclock.url,
            "SLACK_BOT_TOKEN": workspace.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.url,
            "TCBOT_DB": str(tmp_path / "tcbot.db"),
            "TCBOT_CONFIG": str(policy_file),
        }
        yield Sandboxes(company, timeclock, slack, env)
