"""Block Kit for alerts, digests, nudges and short replies: pure functions, no I/O.

Each `*_message` returns `{"text": fallback, "blocks": [...]}`, ready for chat.postMessage,
chat.update or `respond`. Outside text is escaped (`tcbot.slack.mrkdwn`); wording comes from
`tcbot.slack.wording`. Hours, who's-in and App Home are in `blocks_hours`; status, rules and
scans in `blocks_admin`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from tcbot.alerts.model import RULES, Alert
from tcbot.slack import wording
from tcbot.slack.mrkdwn import Person, escape, truncate
from tcbot.slack.timetext import clock_or_when, day, local, when

ACTION_ACK = "alert_ack"
ACTION_REMIND = "alert_remind"
ACTION_SNOOZE = "alert_snooze"
REMINDABLE = frozenset({"missing_punch_out", "long_lunch", "no_show"})

SECTION_LIMIT = 3000  # Slack's limit for a section's text
HEADER_LIMIT = 150
DETAIL_LIMIT = 200
DIGEST_LINES = 20

Message = dict[str, Any]


@dataclass(frozen=True, slots=True)
class AlertView:
    """Where an alert stands, as its message shows it. Slack user ids for the people."""

    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    snoozed_until: datetime | None = None
    snoozed_by: str | None = None
    reminded_by: str | None = None
    resolved_at: datetime | None = None
    resolved_reason: str | None = None  # "punched out"; the message adds "at 19:02"


# -- building bricks ---------------------------------------------------------------------------


def mrkdwn(text: str) -> MarkdownTextObject:
    # verbatim: Slack must not auto-link URLs or names in the text; our own <@U…> still work.
    return MarkdownTextObject(text=truncate(text, SECTION_LIMIT), verbatim=True)


def section(text: str, *, fields: Sequence[str] = ()) -> SectionBlock:
    return SectionBlock(
        text=mrkdwn(text), fields=[mrkdwn(truncate(f, 2000)) for f in fields] or None
    )


def context(*texts: str) -> ContextBlock:
    return ContextBlock(elements=[mrkdwn(t) for t in texts[:10]])


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=truncate(text, HEADER_LIMIT))


def message(fallback: str, blocks: Sequence[Block]) -> Message:
    return {"text": truncate(fallback, 3000), "blocks": [block.to_dict() for block in blocks]}


def rule_words(rule: str) -> str:
    return wording.RULE_WORDS.get(rule, rule.replace("_", " "))


def person_for(alert: Alert, people: Mapping[str, Person] | None = None) -> Person:
    """The person an alert is about: from `people` (by employee number) or its own fields."""
    known = (people or {}).get(alert.employee)
    return known or Person(email=alert.email, number=alert.employee)


def detail_text(alert: Alert) -> str:
    return escape(truncate(alert.detail.strip(), DETAIL_LIMIT))


# -- one alert ---------------------------------------------------------------------------------


def alert_message(
    alert: Alert,
    *,
    person_name: str | None = None,
    slack_user: str | None = None,
    state: AlertView | None = None,
    zone: str | None = None,
) -> Message:
    """The channel or DM message for one alert, with its buttons while it is still open."""
    state = state or AlertView()
    zone = zone or alert.timezone
    who = Person(slack_user, person_name, alert.email, alert.employee).label
    rule = rule_words(alert.rule)
    emoji = wording.RULE_EMOJI.get(alert.rule, wording.RULE_FALLBACK_EMOJI)
    headline = wording.ALERT_HEADLINE.format(emoji=emoji, who=who, rule=rule)
    body = wording.ALERT_WHEN_DETAIL.format(when=when(alert.at, zone), detail=detail_text(alert))
    blocks: list[Block] = [section(f"{headline}\n{body}")]
    notes = _state_notes(alert, state, zone)
    if notes:
        blocks.append(context(*notes))
    buttons = _buttons(alert, state)
    if buttons:
        blocks.append(ActionsBlock(block_id=f"alert:{alert.key}"[:255], elements=buttons))
    fallback = wording.ALERT_FALLBACK.format(who=who, rule=rule, when=when(alert.at, zone))
    return message(fallback, blocks)


def _state_notes(alert: Alert, state: AlertView, zone: str) -> list[str]:
    today = local(alert.at, zone).date()
    notes: list[str] = []
    if state.resolved_at is not None:
        at = clock_or_when(state.resolved_at, zone, today)
        if state.resolved_reason:
            reason = escape(truncate(state.resolved_reason, DETAIL_LIMIT))
            notes.append(wording.ALERT_RESOLVED.format(reason=reason, when=at))
        else:
            notes.append(wording.ALERT_RESOLVED_NO_REASON.format(when=at))
    if state.acknowledged_by:
        at = clock_or_when(state.acknowledged_at, zone, today) if state.acknowledged_at else "?"
        who = Person(slack_user=state.acknowledged_by).label
        notes.append(wording.ALERT_ACKNOWLEDGED.format(who=who, when=at))
    if state.snoozed_until is not None and state.resolved_at is None:
        until = when(state.snoozed_until, zone)
        if state.snoozed_by:
            who = Person(slack_user=state.snoozed_by).label
            notes.append(wording.ALERT_SNOOZED.format(when=until, who=who))
        else:
            notes.append(wording.ALERT_SNOOZED_NOBODY.format(when=until))
    if state.reminded_by and state.resolved_at is None:
        notes.append(wording.ALERT_REMINDED.format(who=Person(slack_user=state.reminded_by).label))
    return notes


def _buttons(alert: Alert, state: AlertView) -> list[ButtonElement]:
    """Resolved: none. Acknowledged, snoozed or reminded: that button is gone."""
    if state.resolved_at is not None:
        return []
    value = alert.key[:2000]
    buttons: list[ButtonElement] = []
    if not state.acknowledged_by:
        buttons.append(
            ButtonElement(
                text=wording.BUTTON_ACK, action_id=ACTION_ACK, value=value, style="primary"
            )
        )
    if alert.rule in REMINDABLE and not state.reminded_by:
        buttons.append(
            ButtonElement(text=wording.BUTTON_REMIND, action_id=ACTION_REMIND, value=value)
        )
    if state.snoozed_until is None:
        buttons.append(
            ButtonElement(text=wording.BUTTON_SNOOZE, action_id=ACTION_SNOOZE, value=value)
        )
    return buttons


# -- many alerts -------------------------------------------------------------------------------


def digest_message(
    alerts: Sequence[Alert],
    *,
    title: str,
    people: Mapping[str, Person] | None = None,
    limit: int = DIGEST_LINES,
) -> Message:
    """Many alerts as one message, grouped by rule; past `limit` lines it says "and N more"."""
    blocks: list[Block] = [header(title)]
    if not alerts:
        blocks.append(section(wording.DIGEST_EMPTY))
        return message(f"{escape(title)}: {wording.DIGEST_EMPTY}", blocks)
    blocks.extend(alert_sections(alerts, people=people, limit=limit))
    blocks.append(context(wording.DIGEST_HINT))
    fallback = wording.DIGEST_FALLBACK.format(title=escape(title), count=len(alerts))
    return message(fallback, blocks)


def alert_sections(
    alerts: Sequence[Alert], *, people: Mapping[str, Person] | None, limit: int
) -> list[Block]:
    """One section per rule (in the rules' order), `limit` lines in all, then "and N more"."""
    blocks: list[Block] = []
    shown = 0
    for rule in _rules_in(alerts):
        group = sorted((a for a in alerts if a.rule == rule), key=lambda a: a.at)
        room = limit - shown
        if room <= 0:
            break
        lines = [_digest_line(a, people) for a in group[:room]]
        shown += len(lines)
        heading = wording.DIGEST_RULE_HEADING.format(rule=rule_words(rule), count=len(group))
        blocks.append(section(_fit("\n".join([heading, *lines]))))
    if len(alerts) > shown:
        blocks.append(section(wording.DIGEST_MORE.format(count=len(alerts) - shown)))
    return blocks


def _rules_in(alerts: Sequence[Alert]) -> list[str]:
    present = {a.rule for a in alerts}
    return [r for r in RULES if r in present] + sorted(present - set(RULES))


def _digest_line(alert: Alert, people: Mapping[str, Person] | None) -> str:
    who = person_for(alert, people).label
    return wording.DIGEST_LINE.format(
        who=who, when=when(alert.at, alert.timezone), detail=detail_text(alert)
    )


def _fit(text: str) -> str:
    # Cut whole lines so an escaped entity or a mention is never split.
    if len(text) <= SECTION_LIMIT:
        return text
    kept: list[str] = []
    for line in text.split("\n"):
        if sum(len(k) + 1 for k in kept) + len(line) > SECTION_LIMIT - 10:
            kept.append("…")
            break
        kept.append(line)
    return "\n".join(kept)


# -- to the employee ---------------------------------------------------------------------------


def nudge_message(alert: Alert) -> Message:
    """A friendly DM to the employee, in their own timezone."""
    template = wording.NUDGE.get(alert.rule, wording.NUDGE_OTHER)
    text = template.format(
        when=when(_started(alert), alert.timezone),
        day=day(alert.date),
        detail=detail_text(alert),
    )
    return message(text, [section(text), context(wording.NUDGE_FOOTER)])


def _started(alert: Alert) -> datetime:
    """When the open session or lunch began: its start is the alert's subject, while `at` is
    when it became overdue, which would tell the employee the wrong time."""
    try:
        started = datetime.fromisoformat(alert.subject)
    except ValueError:
        return alert.at
    return started if started.tzinfo is not None else alert.at


# -- short replies -----------------------------------------------------------------------------


def help_message() -> Message:
    blocks = [header(wording.HELP_TITLE), section(wording.HELP), context(wording.HELP_PERIODS)]
    return message(wording.HELP_TITLE, blocks)


def refusal_message(text: str = wording.REFUSAL) -> Message:
    return message(text, [section(text)])


def not_yours_message() -> Message:
    return message(wording.NOT_YOURS, [section(wording.NOT_YOURS)])


def error_message(text: str) -> Message:
    """A problem told to a user (TimeClock unreachable, a period that cannot be read)."""
    shown = wording.ERROR.format(text=escape(truncate(text, 1000)))
    return message(shown, [section(shown)])
