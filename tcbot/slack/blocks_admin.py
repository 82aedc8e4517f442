"""Block Kit for the admin's answers: `/tcbot status`, `/tcbot rules`, `/tcbot scan`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from slack_sdk.models.blocks import Block

from tcbot.alerts.model import RULES, Alert
from tcbot.policy.model import WEEKDAY_NAMES, WEEKDAYS, Policy, Team
from tcbot.slack import wording
from tcbot.slack.blocks import (
    Message,
    alert_sections,
    context,
    header,
    message,
    rule_words,
    section,
)
from tcbot.slack.mrkdwn import Person, escape, truncate
from tcbot.slack.timetext import limit

SCAN_SAMPLES = 10


# -- rules -------------------------------------------------------------------------------------


def rules_message(policy: Policy, *, fallback_zone: str | None = None) -> Message:
    """The rules in force, in words; `fallback_zone` is the sessions' zone when none is set."""
    zone = policy.company_timezone(fallback_zone)
    zone_text = (
        escape(zone) if policy.timezone or fallback_zone else wording.RULES_ZONE_FROM_SESSIONS
    )
    company = wording.RULES_COMPANY.format(
        zone=zone_text,
        week_start=WEEKDAY_NAMES[policy.first_weekday(zone)].capitalize(),
        workdays=_workdays(policy, zone),
        start=f"{policy.schedule.start:%H:%M}",
        end=f"{policy.schedule.end:%H:%M}",
    )
    limits = [
        template.format(value=limit(getattr(policy.rules, key)))
        for key, template in wording.RULES_LIMITS.items()
    ]
    lunch = wording.RULES_LUNCH_PAID if policy.lunch_is_paid else wording.RULES_LUNCH_UNPAID
    blocks: list[Block] = [
        header(wording.RULES_TITLE),
        section(company),
        section("\n".join(f"• {line}" for line in limits)),
        context(lunch),
    ]
    teams = [_team_line(team) for team in policy.teams]
    if teams:
        blocks.append(section("\n".join(teams)))
    return message(wording.RULES_TITLE, blocks)


def _workdays(policy: Policy, zone: str) -> str:
    first = policy.first_weekday(zone)
    days = policy.workday_set(zone)
    ordered = sorted(days, key=lambda d: (d - first) % 7)
    return ", ".join(WEEKDAYS[d].capitalize() for d in ordered)


def _team_line(team: Team) -> str:
    changes: list[str] = []
    if team.schedule is not None:
        changes.append(
            wording.RULES_TEAM_SCHEDULE.format(
                start=f"{team.schedule.start:%H:%M}", end=f"{team.schedule.end:%H:%M}"
            )
        )
    for key, value in team.rules.items():
        changes.append(f"{escape(key.replace('_', ' '))} {limit(value)}")
    text = ", ".join(changes) or wording.RULES_TEAM_DEFAULTS
    return wording.RULES_TEAM.format(team=escape(truncate(team.name, 80)), changes=text)


# -- scan --------------------------------------------------------------------------------------


def scan_summary_message(
    counts_by_rule: Mapping[str, int],
    period_label: str,
    sample_alerts: Sequence[Alert],
    *,
    people: Mapping[str, Person] | None = None,
) -> Message:
    """What `/tcbot scan` found: a count per rule, then a few examples. Nothing is posted."""
    period = escape(truncate(period_label.strip(), 80))
    total = sum(counts_by_rule.values())
    blocks: list[Block] = [header(wording.SCAN_TITLE.format(period=period_label.strip()))]
    if total == 0:
        blocks.append(section(wording.SCAN_NONE.format(period=period)))
    else:
        ordered = [r for r in RULES if counts_by_rule.get(r)]
        ordered += sorted(r for r in counts_by_rule if r not in RULES and counts_by_rule[r])
        lines = [
            wording.SCAN_COUNT_LINE.format(rule=rule_words(r), count=counts_by_rule[r])
            for r in ordered
        ]
        blocks.append(
            section("\n".join([wording.SCAN_TOTAL.format(count=total, period=period), *lines]))
        )
    if sample_alerts:
        blocks.append(section(wording.SCAN_SAMPLES))
        blocks.extend(alert_sections(sample_alerts, people=people, limit=SCAN_SAMPLES))
    blocks.append(context(wording.SCAN_DRY_RUN))
    fallback = (
        wording.SCAN_TOTAL.format(count=total, period=period)
        if total
        else wording.SCAN_NONE.format(period=period)
    )
    return message(fallback, blocks)
