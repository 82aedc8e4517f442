"""`/tcbot` answers: help, status, link, rules and scan, as Slack messages. No Bolt here.

Who may do what: `help` and `rules` are for everyone (the rules are the company's, not a
person's). `status` is for everyone too, because it shows only counts and whether TimeClock
answers; the reasons messages are stuck (Slack error codes, kinds of message) are shown to
admins only. `link` and `scan` change or reveal other people's data: admins only, and a
refusal is private and recorded.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.models.blocks import Block

from tcbot.alerts.model import Alert
from tcbot.attendance.periods import describe_period
from tcbot.attendance.query import period_dates
from tcbot.commands.common import local_today
from tcbot.commands.scan import count_by_rule, scan
from tcbot.errors import PeriodError, TimeClockError
from tcbot.slack import wording
from tcbot.slack.access import is_admin
from tcbot.slack.app import Services
from tcbot.slack.blocks import (
    Message,
    context,
    error_message,
    header,
    help_message,
    message,
    section,
)
from tcbot.slack.blocks_admin import rules_message, scan_summary_message
from tcbot.slack.mrkdwn import escape, mention, truncate
from tcbot.slack.people import unescape
from tcbot.slack.timetext import ago, when
from tcbot.store import OutboxItem

log = logging.getLogger(__name__)

ROSTER_DAYS = timedelta(days=6)  # the roster a link is checked against: the last week

SUBCOMMANDS = ("help", "status", "link", "rules", "scan")
REASONS_SHOWN = 3
SAMPLES_PER_RULE = 2
_MENTION = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>")
_EMPLOYEE_NUMBER = re.compile(r"[A-Za-z0-9_-]{1,40}")


@dataclass(frozen=True, slots=True)
class Subcommand:
    """`/tcbot WORD REST`: the word in lower case, the rest as typed (Slack-unescaped)."""

    word: str
    rest: str


def parse(text: str) -> Subcommand:
    word, _, rest = unescape(text).strip().partition(" ")
    return Subcommand(word.lower(), rest.strip())


def first_reply(text: str, *, user: str, services: Services) -> str | None:
    """What the acknowledgement itself says: a "working on it" for a scan an admin may run,
    nothing otherwise (the answer follows at once)."""
    command = parse(text)
    if command.word == "scan" and command.rest and is_admin(user, services.policy):
        return wording.SCAN_WORKING.format(period=escape(truncate(command.rest, 80)))
    return None


def answer(text: str, *, user: str, services: Services, now: datetime) -> Message:
    """The private answer to `/tcbot {text}` from Slack user `user`."""
    command = parse(text)
    if command.word in ("", "help"):
        return help_message()
    if command.word == "status":
        return status_answer(services, admin=is_admin(user, services.policy), now=now)
    if command.word == "rules":
        return rules_message(services.policy)
    if command.word == "link":
        return link_answer(command.rest, user=user, services=services, now=now)
    if command.word == "scan":
        return scan_answer(command.rest, user=user, services=services, now=now)
    return _unknown(command.word)


def _unknown(word: str) -> Message:
    note = wording.TCBOT_UNKNOWN.format(word=escape(truncate(word, 40)))
    shown = help_message()
    return {"text": note, "blocks": [section(note).to_dict(), *shown["blocks"]]}


# -- status ------------------------------------------------------------------------------------


def status_answer(services: Services, *, admin: bool, now: datetime) -> Message:
    """Is TimeClock answering, the last poll, open alerts, stuck messages (why: admins only)."""
    store = services.store
    zone = services.policy.company_timezone()
    outage = store.polls.active_outages().get("timeclock")
    poll = store.polls.last_poll()
    open_count = len(store.alerts.open_alerts(now=now, include_snoozed=True))
    stuck = store.outbox.undelivered(now=now)

    if outage is None:
        lines = [wording.STATUS_TIMECLOCK_OK]
    else:
        problem = f"no answer since {when(outage, zone)}"
        lines = [wording.STATUS_TIMECLOCK_DOWN.format(problem=problem)]
    if poll is None:
        lines.append(wording.STATUS_NEVER_POLLED)
    else:
        lines.append(
            wording.STATUS_POLL_READ.format(
                when=when(poll.started, zone),
                ago=ago(poll.started, now),
                records=poll.records,
                seconds=f"{poll.duration_s:.1f}",
                alerts=poll.alerts_raised,
            )
        )
        if poll.errors:
            errors = escape(truncate(poll.errors, 300))
            lines.append(wording.STATUS_POLL_ERRORS.format(errors=errors))
    blocks: list[Block] = [
        header(wording.STATUS_TITLE),
        section("\n".join(lines)),
        context(
            wording.STATUS_OPEN_ALERTS.format(count=open_count),
            wording.STATUS_UNDELIVERED.format(count=len(stuck)),
        ),
    ]
    if admin and stuck:
        blocks.append(section(_reasons(stuck)))
    fallback = wording.STATUS_FALLBACK.format(
        timeclock="reachable" if outage is None else "unreachable", alerts=open_count
    )
    return message(fallback, blocks)


def _reasons(stuck: Sequence[OutboxItem]) -> str:
    lines = [wording.STATUS_UNDELIVERED_REASONS]
    for item in stuck[:REASONS_SHOWN]:
        error = item.last_error or wording.STATUS_UNDELIVERED_NO_ERROR
        lines.append(
            wording.STATUS_UNDELIVERED_REASON.format(
                kind=escape(item.kind.replace("_", " ")),
                state="given up" if item.state == "dead" else "will retry",
                attempts=item.attempts,
                error=escape(truncate(error, 200)),
            )
        )
    if len(stuck) > REASONS_SHOWN:
        lines.append(wording.STATUS_UNDELIVERED_MORE.format(count=len(stuck) - REASONS_SHOWN))
    return "\n".join(lines)


# -- link --------------------------------------------------------------------------------------


def link_answer(rest: str, *, user: str, services: Services, now: datetime) -> Message:
    """`/tcbot link @someone 1265`: an admin's link, which later email lookups never replace."""
    if not is_admin(user, services.policy):
        services.store.people.record_refusal(user, rest[:200], "/tcbot link", now=now)
        log.info("refused command=link asker=%s", user)
        return message(wording.LINK_REFUSED, [section(wording.LINK_REFUSED)])
    parts = rest.split()
    if len(parts) != 2:
        return error_message(wording.LINK_USAGE)
    target = _MENTION.fullmatch(parts[0])
    if target is None:
        return error_message(wording.LINK_BAD_USER.format(text=parts[0]) + " " + wording.LINK_USAGE)
    number = parts[1]
    if not _EMPLOYEE_NUMBER.fullmatch(number):
        return error_message(wording.LINK_BAD_NUMBER.format(text=number))
    slack_user = target.group(1)
    known = _on_roster(number, services=services, now=now)
    if known is False:
        return error_message(wording.LINK_UNKNOWN_NUMBER.format(number=escape(number)))
    services.store.people.link(slack_user, number, source="admin", now=now)
    log.info("linked slack_user=%s by=%s checked=%s", slack_user, user, known is not None)
    done = wording.LINK_DONE.format(who=mention(slack_user), number=escape(number))
    if known is None:
        done += " " + wording.LINK_UNCHECKED
    return message(done, [section(done)])


def _on_roster(number: str, *, services: Services, now: datetime) -> bool | None:
    """Whether TimeClock lists the employee in the last week (extended-sessions is the one
    method that lists everyone); None when TimeClock could not be asked."""
    today = local_today(now, services.policy.company_timezone())
    try:
        roster = services.timeclock.extended_sessions(today - ROSTER_DAYS, today)
    except TimeClockError as error:
        log.warning("link not checked against TimeClock error=%s", type(error).__name__)
        return None
    return number in roster.employees


# -- scan --------------------------------------------------------------------------------------


def scan_answer(rest: str, *, user: str, services: Services, now: datetime) -> Message:
    """`/tcbot scan last week`: what the rules would have raised, counted, with examples."""
    if not is_admin(user, services.policy):
        services.store.people.record_refusal(user, "everyone", f"/tcbot scan {rest}"[:200], now=now)
        log.info("refused command=scan asker=%s", user)
        return message(wording.SCAN_REFUSED, [section(wording.SCAN_REFUSED)])
    if not rest:
        return error_message(wording.SCAN_USAGE)
    policy = services.policy
    try:
        start, end = period_dates(policy, rest, now=now, zone=policy.company_timezone())
        alerts = scan(services.timeclock, policy, start=start, end=end, now=now)
    except (PeriodError, TimeClockError) as error:
        return error_message(str(error))
    label = f"{rest} ({describe_period(start, end)})"
    log.info("scan by=%s days=%d alerts=%d", user, (end - start).days + 1, len(alerts))
    return scan_summary_message(count_by_rule(alerts), label, samples(alerts))


def samples(alerts: Sequence[Alert], per_rule: int = SAMPLES_PER_RULE) -> list[Alert]:
    """A few examples of each rule, so one noisy rule does not hide the others."""
    taken: dict[str, int] = {}
    chosen: list[Alert] = []
    for alert in alerts:
        if taken.get(alert.rule, 0) < per_rule:
            taken[alert.rule] = taken.get(alert.rule, 0) + 1
            chosen.append(alert)
    return chosen
