"""`tcbot doctor`: settings, TimeClock access, then the Slack token, scopes, channels and
people, each reported as a `Finding`.

A check that depends on one that failed is noted as not checked rather than failing again.
"""

from __future__ import annotations

from datetime import datetime

from tcbot.checks import Checked
from tcbot.doctor.config import config_findings
from tcbot.doctor.findings import FAIL, NOTE, OK, Finding, exit_code, note, summary
from tcbot.doctor.slack import NEEDED_SCOPES, slack_findings
from tcbot.doctor.timeclock import timeclock_finding
from tcbot.policy.model import Policy

__all__ = [
    "FAIL",
    "NEEDED_SCOPES",
    "NOTE",
    "OK",
    "Finding",
    "diagnose",
    "exit_code",
    "summary",
]


def diagnose(checked: Checked, *, now: datetime) -> list[Finding]:
    """Every check, in the order a person would fix them. `now` dates the TimeClock call."""
    findings = config_findings(checked)
    if checked.problem_with("TIMECLOCK_API_TOKEN") or checked.problem_with("TIMECLOCK_API_URL"):
        findings.append(note("TimeClock 365 not checked: fix its settings above first"))
    else:
        zone = (checked.policy or Policy()).company_timezone()
        findings.append(timeclock_finding(checked.settings, zone=zone, now=now))
    if checked.problem_with("SLACK_BOT_TOKEN") or checked.problem_with("SLACK_API_URL"):
        findings.append(note("Slack not checked: fix its settings above first"))
    else:
        findings.extend(slack_findings(checked.settings, checked.policy or Policy()))
    return findings
