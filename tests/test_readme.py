"""The README keeps step with the code: every setting, policy key and command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from tcbot.cli import COMMANDS
from tcbot.policy.durations import format_duration
from tcbot.policy.load import SCHEDULE_KEYS, TEAM_KEYS, TOP_KEYS
from tcbot.policy.model import RULE_LIMIT_KEYS, Policy, RuleLimits, Schedule

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
SETTINGS_SOURCE = (ROOT / "tcbot" / "settings.py").read_text()


def test_every_environment_variable_read_is_in_the_readme_table() -> None:
    read = set(re.findall(r'value\("([A-Z_]+)"\)', SETTINGS_SOURCE))
    assert read, "settings.py reads no variables?"
    for name in sorted(read):
        assert f"| `{name}` |" in README, f"{name} is read by tcbot but missing from README"


def test_every_policy_key_is_documented_with_its_default() -> None:
    for key in (*TOP_KEYS, *SCHEDULE_KEYS, *TEAM_KEYS, *RULE_LIMIT_KEYS):
        spellings = (f"`{key}`", f"`[{key}]`", f"`[[{key}]]`")
        assert any(s in README for s in spellings), f"policy key {key} missing from README"
    limits = RuleLimits()
    for key in RULE_LIMIT_KEYS:
        default = format_duration(getattr(limits, key))
        row = next(line for line in README.splitlines() if f"`{key}`" in line and "|" in line)
        assert f"`{default}`" in row, f"README shows the wrong default for {key}: {row}"
    policy = Policy()
    assert f"`{format_duration(policy.poll_every)}`" in _row("poll_every")
    assert f"`{format_duration(policy.retention)}`" in _row("retention")
    assert f"`{policy.digest_at:%H:%M}`" in _row("digest_at")
    schedule = Schedule()
    assert f"`{schedule.start:%H:%M}`, `{schedule.end:%H:%M}`" in _row("[schedule]")


def test_every_command_is_in_the_readme() -> None:
    for name in COMMANDS:
        assert f"`tcbot {name}" in README, f"tcbot {name} missing from README"


def test_the_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install -e '.[test]'" in README and "python -m pytest -q" in README
    assert "pip install --quiet -e '.[test]' && python -m pytest -q" in ci


def _row(key: str) -> str:
    return next(line for line in README.splitlines() if line.startswith(f"| `{key}`"))
