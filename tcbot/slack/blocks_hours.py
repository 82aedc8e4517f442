"""Block Kit for `/hours`, `/whosin` and the App Home: pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from slack_sdk.models.blocks import Block, DividerBlock

from tcbot.alerts.model import Alert
from tcbot.attendance.hours import Hours
from tcbot.slack import wording
from tcbot.slack.blocks import (
    AlertView,
    Message,
    alert_message,
    context,
    header,
    message,
    person_for,
    section,
)
from tcbot.slack.mrkdwn import Person, escape, truncate
from tcbot.slack.timetext import clock_or_when, day, hours_minutes, local, period_dates, when

BAR_CELLS = 10
BAR_FULL = "▇"
BAR_EMPTY = "░"
BAR_MIN_SCALE = 10 * 3600  # a day of 10h or less fills the bar at most; longer days set the scale
DAY_LINES_LIMIT = 31
WHOSIN_LIMIT = 30
HOME_ALERTS_LIMIT = 15


@dataclass(frozen=True, slots=True)
class Presence:
    """Someone in a who's-in list; `since` is when they punched in or went to lunch."""

    person: Person
    since: datetime | None = None


# -- /hours ------------------------------------------------------------------------------------


def hours_message(hours: Hours, *, who: Person, period_label: str, zone: str) -> Message:
    """The `/hours` answer: totals, a line per day with a bar, and any open session."""
    period = escape(truncate(period_label.strip(), 80))
    return message(
        _hours_fallback(hours, who, period), hours_blocks(hours, who=who, period=period, zone=zone)
    )


def hours_blocks(hours: Hours, *, who: Person, period: str, zone: str) -> list[Block]:
    """`period` is already escaped."""
    title = wording.HOURS_TITLE.format(who=who.label, period=period)
    blocks: list[Block] = [
        section(
            f"{title}\n{period_dates(hours.start, hours.end)}",
            fields=[
                wording.HOURS_WORKED.format(value=hours_minutes(hours.worked_seconds)),
                wording.HOURS_LUNCH.format(value=hours_minutes(hours.lunch_seconds)),
                wording.HOURS_GROSS.format(value=hours_minutes(hours.gross_seconds)),
            ],
        )
    ]
    if len(hours.days) > DAY_LINES_LIMIT:
        blocks.append(context(wording.HOURS_TOO_MANY_DAYS.format(limit=DAY_LINES_LIMIT)))
    elif hours.days:
        blocks.append(section("```\n" + "\n".join(day_lines(hours)) + "\n```"))
        step = hours_minutes(_bar_scale(hours) // BAR_CELLS).replace(" 0m", "")
        blocks.append(context(wording.HOURS_BAR_SCALE.format(step=step)))
    notes = [_open_note(session.start, session.counted, zone) for session in hours.open_sessions]
    if notes:
        blocks.append(context(*notes))
    return blocks


def day_lines(hours: Hours) -> list[str]:
    """`Sun 12 Oct  ▇▇▇▇▇▇▇▇░░   7h 42m`, one per day, aligned for a monospace block."""
    scale = _bar_scale(hours)
    return [
        f"{day(d.date):<10}  {bar(d.worked_seconds, scale)}  {hours_minutes(d.worked_seconds):>7}"
        for d in hours.days
    ]


def bar(seconds: int, scale: int) -> str:
    """`▇▇▇▇░░░░░░`: `seconds` out of `scale`; any work at all shows at least one cell."""
    filled = round(BAR_CELLS * seconds / scale) if scale > 0 else 0
    if seconds > 0:
        filled = max(filled, 1)
    filled = min(filled, BAR_CELLS)
    return BAR_FULL * filled + BAR_EMPTY * (BAR_CELLS - filled)


def _bar_scale(hours: Hours) -> int:
    longest = max((d.worked_seconds for d in hours.days), default=0)
    return max(longest, BAR_MIN_SCALE)


def _open_note(start: datetime, counted: bool, zone: str) -> str:
    template = wording.HOURS_OPEN_COUNTED if counted else wording.HOURS_OPEN_NOT_COUNTED
    return template.format(when=when(start, zone))


def _hours_fallback(hours: Hours, who: Person, period: str) -> str:
    return wording.HOURS_FALLBACK.format(
        who=who.label,
        worked=hours_minutes(hours.worked_seconds),
        period=period,
        dates=period_dates(hours.start, hours.end),
    )


# -- /whosin -----------------------------------------------------------------------------------


def whosin_message(
    team_name: str,
    in_now: Sequence[Presence],
    at_lunch: Sequence[Presence],
    not_in: Sequence[Presence],
    *,
    zone: str,
    now: datetime,
) -> Message:
    """Who on a team is in, at lunch, or not in, with since-times in `zone`."""
    blocks = whosin_blocks(team_name, in_now, at_lunch, not_in, zone=zone, now=now)
    fallback = wording.WHOSIN_FALLBACK.format(
        team=escape(truncate(team_name, 80)),
        inside=len(in_now),
        lunch=len(at_lunch),
        out=len(not_in),
    )
    return message(fallback, blocks)


def whosin_blocks(
    team_name: str,
    in_now: Sequence[Presence],
    at_lunch: Sequence[Presence],
    not_in: Sequence[Presence],
    *,
    zone: str,
    now: datetime,
) -> list[Block]:
    today = local(now, zone).date()
    return [
        header(wording.WHOSIN_TITLE.format(team=team_name)),  # plain text: shown literally
        section(_people(wording.WHOSIN_IN, in_now, zone, today)),
        section(_people(wording.WHOSIN_LUNCH, at_lunch, zone, today)),
        section(_people(wording.WHOSIN_OUT, not_in, zone, today)),
        context(wording.WHOSIN_AS_OF.format(when=when(now, zone))),
    ]


def _people(heading: str, people: Sequence[Presence], zone: str, today: date) -> str:
    lines = [heading.format(count=len(people))]
    for presence in people[:WHOSIN_LIMIT]:
        who = presence.person.label
        if presence.since is None:
            lines.append(wording.WHOSIN_NAME.format(who=who))
        else:
            since = clock_or_when(presence.since, zone, today)
            lines.append(wording.WHOSIN_SINCE.format(who=who, when=since))
    if not people:
        lines.append(wording.WHOSIN_NOBODY)
    if len(people) > WHOSIN_LIMIT:
        lines.append(wording.WHOSIN_MORE.format(count=len(people) - WHOSIN_LIMIT))
    return "\n".join(lines)


# -- App Home ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TeamPresence:
    """A team's who's-in lists, for the manager's App Home."""

    name: str
    in_now: Sequence[Presence] = ()
    at_lunch: Sequence[Presence] = ()
    not_in: Sequence[Presence] = ()


def manager_home_view(
    alerts: Sequence[tuple[Alert, AlertView]],
    teams: Sequence[TeamPresence],
    *,
    zone: str,
    now: datetime,
    people: Mapping[str, Person] | None = None,
) -> dict[str, Any]:
    """The manager's App Home: today's open alerts (with their buttons), then who is in."""
    blocks: list[dict[str, Any]] = [header(wording.HOME_MANAGER_TITLE).to_dict()]
    if not alerts:
        blocks.append(section(wording.HOME_NO_ALERTS).to_dict())
    for alert, state in alerts[:HOME_ALERTS_LIMIT]:
        person = person_for(alert, people)
        shown = alert_message(
            alert, person_name=person.name, slack_user=person.slack_user, state=state, zone=zone
        )
        blocks.extend(shown["blocks"])
    if len(alerts) > HOME_ALERTS_LIMIT:
        more = wording.DIGEST_MORE.format(count=len(alerts) - HOME_ALERTS_LIMIT)
        blocks.append(section(more).to_dict())
    for team in teams:
        blocks.append(DividerBlock().to_dict())
        team_blocks = whosin_blocks(
            team.name, team.in_now, team.at_lunch, team.not_in, zone=zone, now=now
        )
        blocks.extend(block.to_dict() for block in team_blocks)
    return {"type": "home", "blocks": blocks}


def employee_home_view(
    hours: Hours, *, who: Person, period_label: str, zone: str, now: datetime
) -> dict[str, Any]:
    """The employee's App Home: their own hours for the period (normally this week)."""
    period = escape(truncate(period_label.strip(), 80))
    blocks: list[Block] = [header(wording.HOME_EMPLOYEE_TITLE)]
    blocks.extend(hours_blocks(hours, who=who, period=period, zone=zone))
    blocks.append(context(wording.HOME_UPDATED.format(when=when(now, zone))))
    return {"type": "home", "blocks": [block.to_dict() for block in blocks]}
