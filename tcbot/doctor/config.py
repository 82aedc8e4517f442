"""Doctor's local checks: each required variable, the policy file and the state file's folder."""

from __future__ import annotations

from tcbot.checks import Checked
from tcbot.doctor.findings import Finding, fail, note, ok

TOKENS = ("TIMECLOCK_API_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN")


def config_findings(checked: Checked) -> list[Finding]:
    findings = [_variable(checked, "TIMECLOCK_API_TOKEN"), _variable(checked, "SLACK_BOT_TOKEN")]
    if checked.http_mode:
        findings.append(_variable(checked, "SLACK_SIGNING_SECRET", "HTTP mode"))
    else:
        findings.append(_variable(checked, "SLACK_APP_TOKEN", "socket mode"))
    for problem in checked.problems:
        if problem.setting not in TOKENS and problem.setting != "TCBOT_CONFIG":
            findings.append(fail(str(problem)))
    findings.append(_policy(checked))
    findings.append(_state_file(checked))
    return findings


def _variable(checked: Checked, name: str, mode: str | None = None) -> Finding:
    problem = checked.problem_with(name)
    if problem is not None:
        return fail(str(problem))
    return ok(f"{name} is set" + (f" ({mode})" if mode else ""))


def _policy(checked: Checked) -> Finding:
    problem = checked.problem_with("TCBOT_CONFIG")
    if problem is not None:
        return fail(str(problem))
    path = checked.settings.config_path
    policy = checked.policy
    if path is None or policy is None:
        return note("no policy file (TCBOT_CONFIG, or tcbot.toml here): built-in defaults apply")
    every = policy.poll_every.total_seconds()
    return ok(
        f"policy file {path} reads: teams {len(policy.teams)}, admins {len(policy.admins)},"
        f" a poll every {every / 60:g} min"
    )


def _state_file(checked: Checked) -> Finding:
    path = checked.settings.db_path
    if not path.parent.is_dir():
        return fail(f"TCBOT_DB: the folder {path.parent} does not exist; create it or change it")
    state = "exists" if path.exists() else "will be created on the first run"
    return ok(f"TCBOT_DB: {path} ({state})")
