"""What an alert's buttons do: Acknowledge, Remind employee, Snooze for today. No Bolt here.

Only the alert's team managers and admins may press them. A press changes the store once:
the same button pressed again, or a payload Slack replays, gets a private answer saying what
already happened and changes nothing. The clicked message is edited at once (chat.update), so
the presser sees the result; an `update` item in the outbox (`Planner.update`, as the poller
uses) then has delivery edit all of the alert's messages: the channel post, every manager's
DM. A reminder is a `nudge` item, once per alert whoever presses, that delivery sends to the
employee's DM within seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tcbot.alerts.model import Alert
from tcbot.alerts.plan import (
    META,
    NUDGE_TARGET,
    REMINDED_BY_UNKNOWN,
    Planner,
    alert_payload,
    view_of,
)
from tcbot.errors import TimeClockError
from tcbot.slack import wording
from tcbot.slack.access import is_admin, teams_managed_by
from tcbot.slack.app import Services
from tcbot.slack.blocks import (
    ACTION_ACK,
    ACTION_REMIND,
    ACTION_SNOOZE,
    REMINDABLE,
    Message,
    error_message,
    message,
    not_yours_message,
    nudge_message,
    section,
)
from tcbot.slack.mrkdwn import Person
from tcbot.slack.people import slack_user_for_employee
from tcbot.slack.timetext import clock_or_when, local, when, zone_of
from tcbot.store import StoredAlert
from tcbot.timeclock.records import Employee, email_key

log = logging.getLogger(__name__)

ACTIONS = (ACTION_ACK, ACTION_REMIND, ACTION_SNOOZE)
# Who reminded is not kept in the store; a rebuilt message names nobody in particular.
ROSTER_DAYS = 7  # how far back `extended-sessions` is read to learn an employee's groups


@dataclass(frozen=True, slots=True)
class Press:
    """One button press: which, on which alert, by whom, and the message clicked (None when
    the button was on the App Home)."""

    action: str
    key: str
    user: str
    channel: str | None = None
    ts: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """`reply`: a private note to the presser, if any; `shown`: the alert's message as it
    should read now, when the press changed it (None when nothing changed, so a replay does
    not rewrite a message that already says what happened)."""

    reply: Message | None
    shown: Message | None
    changed: bool = False


def press_from(body: dict, action: dict) -> Press:
    """The Press in a `block_actions` payload."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    on_message = container.get("type", "message") == "message"
    return Press(
        action=str(action.get("action_id", "")),
        key=str(action.get("value", "")),
        user=str((body.get("user") or {}).get("id", "")),
        channel=channel if on_message else None,
        ts=ts if on_message else None,
    )


def press(p: Press, *, services: Services, client: WebClient, now: datetime) -> Outcome:
    """Carry out one press; see the module docstring for the rules."""
    stored = services.store.alerts.get(p.key)
    if stored is None:
        return Outcome(_note(wording.ALERT_GONE), None)
    try:
        allowed = may_press(p.user, stored.alert, services=services)
    except TimeClockError as error:
        return Outcome(error_message(wording.ALERT_CANNOT_CHECK.format(problem=error)), None)
    if not allowed:
        what = f"button {p.action}"
        services.store.people.record_refusal(p.user, stored.alert.employee, what, now=now)
        log.info("button refused action=%s asker=%s", p.action, p.user)
        return Outcome(not_yours_message(), None)
    if stored.resolved_at is not None:
        at = when(stored.resolved_at, stored.alert.timezone)
        return Outcome(
            _note(wording.ALERT_ALREADY_RESOLVED.format(when=at)), shown(stored, services, now)
        )
    if p.action == ACTION_ACK:
        return _acknowledge(p, stored, services=services, now=now)
    if p.action == ACTION_SNOOZE:
        return _snooze(p, stored, services=services, now=now)
    if p.action == ACTION_REMIND:
        return _remind(p, stored, services=services, client=client, now=now)
    raise ValueError(f"unknown alert action {p.action!r}")


def may_press(user: str, alert: Alert, *, services: Services) -> bool:
    """Admins, and managers of a team the employee is in. Membership by TimeClock group needs
    the employee's groups, read from `extended-sessions` only when it matters."""
    policy = services.policy
    if is_admin(user, policy):
        return True
    teams = teams_managed_by(user, policy)
    if not teams:
        return False
    known = Employee(alert.employee, email_key(alert.email))
    if any(team.has_member(known) for team in teams):
        return True
    if not any(entry.strip().startswith("group:") for team in teams for entry in team.members):
        return False
    # TODO: one TimeClock call per press by a group-team manager; cache groups per poll if
    # presses ever come in bursts large enough to matter.
    roster = services.timeclock.extended_sessions(
        alert.date - timedelta(days=ROSTER_DAYS), alert.date
    )
    employee = roster.employees.get(alert.employee)
    return employee is not None and any(team.has_member(employee) for team in teams)


# -- the three buttons ------------------------------------------------------------------------


def _acknowledge(p: Press, stored: StoredAlert, *, services: Services, now: datetime) -> Outcome:
    store = services.store
    if not store.alerts.acknowledge(p.key, by_user=p.user, now=now):
        current = store.alerts.get(p.key) or stored
        who = Person(slack_user=current.acknowledged_by or REMINDED_BY_UNKNOWN).label
        at = _at(current.acknowledged_at, current.alert, now)
        reply = wording.ALERT_ALREADY_ACKNOWLEDGED.format(who=who, when=at)
        return Outcome(_note(reply), None)
    log.info("alert acknowledged key=%s by=%s", p.key, p.user)
    return _changed(p, services=services, now=now, why="acknowledged")


def _snooze(p: Press, stored: StoredAlert, *, services: Services, now: datetime) -> Outcome:
    zone = stored.alert.timezone
    if stored.snoozed_until is not None and stored.snoozed_until > now:
        who = Person(slack_user=stored.snoozed_by or REMINDED_BY_UNKNOWN).label
        shown = when(stored.snoozed_until, zone)
        return Outcome(_note(wording.ALERT_ALREADY_SNOOZED.format(who=who, when=shown)), None)
    until = end_of_day(now, zone)
    services.store.alerts.snooze(p.key, by_user=p.user, until=until, now=now)
    log.info("alert snoozed key=%s by=%s", p.key, p.user)
    outcome = _changed(p, services=services, now=now, why=f"snoozed:{until.isoformat()}")
    return replace(outcome, reply=_note(wording.ALERT_SNOOZE_DONE.format(when=when(until, zone))))


def _remind(
    p: Press, stored: StoredAlert, *, services: Services, client: WebClient, now: datetime
) -> Outcome:
    alert, store = stored.alert, services.store
    if alert.rule not in REMINDABLE:
        return Outcome(_note(wording.ALERT_NOT_REMINDABLE), None)
    employee = Employee(alert.employee, email_key(alert.email))
    target = slack_user_for_employee(employee, client=client, store=store, now=now)
    if target is None:
        who = Person(email=alert.email, number=alert.employee).label
        return Outcome(_note(wording.ALERT_NO_SLACK_USER.format(who=who)), None)
    # Delivery finds the employee's DM from the number, as for the poller's own nudges; the
    # lookup above already linked them, so it needs no second Slack call.
    queued = store.outbox.enqueue(
        "nudge",
        f"{NUDGE_TARGET}{alert.employee}",
        {**nudge_message(alert), META: {}},
        alert_key=p.key,
        dedupe_key=f"{p.key}:remind",
        now=now,
    )
    if not queued:
        at = _at(stored.reminded_at, alert, now)
        return Outcome(_note(wording.ALERT_ALREADY_REMINDED.format(when=at)), None)
    store.alerts.mark_reminded(p.key, now=now, by_user=p.user)
    log.info("alert reminder queued key=%s by=%s", p.key, p.user)
    # The other messages are not edited for a reminder: it changes nothing a manager must act on.
    outcome = _changed(p, services=services, now=now, why=None)
    who = Person(slack_user=target).label
    return replace(outcome, reply=_note(wording.ALERT_REMIND_SENT.format(who=who)))


# -- showing the alert as it stands -----------------------------------------------------------


def shown(
    stored: StoredAlert, services: Services, now: datetime, *, reminded_by: str | None = None
) -> Message:
    """The alert's message as the poller posts it, showing where the alert stands now."""
    state = view_of(stored, now, reminded_by=reminded_by)
    return alert_payload(stored.alert, store=services.store, state=state)


def _changed(p: Press, *, services: Services, now: datetime, why: str | None) -> Outcome:
    """After a change: the alert as it reads now; with `why`, an `update` item so delivery
    edits the alert's other messages too (one per alert and reason)."""
    stored = services.store.alerts.get(p.key)
    if stored is None:  # purged between the change and now
        return Outcome(_note(wording.ALERT_GONE), None, changed=True)
    if why is not None:
        Planner(services.store, services.policy).update(p.key, why=why, now=now)
    reminded_by = p.user if p.action == ACTION_REMIND else None
    return Outcome(None, shown(stored, services, now, reminded_by=reminded_by), changed=True)


def show(
    p: Press, outcome: Outcome, *, client: WebClient, reply: Callable[[Message], None]
) -> None:
    """Edit the clicked message at once, so the presser sees the result (delivery's `update`
    item edits it again shortly, with the alert's other messages), then tell the presser
    privately what happened, if there is anything to tell."""
    if outcome.shown is not None and p.channel and p.ts:
        try:
            client.chat_update(channel=p.channel, ts=p.ts, **outcome.shown)
        except SlackApiError as failure:
            error = failure.response.get("error")
            log.warning("alert edit failed key=%s error=%s; delivery will edit it", p.key, error)
    if outcome.reply is not None:
        reply(outcome.reply)


def end_of_day(now: datetime, zone: str) -> datetime:
    """Midnight after `now`, in `zone` (the employee's), as an aware datetime."""
    tomorrow = local(now, zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0, 0), tzinfo=zone_of(zone))


def _at(moment: datetime | None, alert: Alert, now: datetime) -> str:
    if moment is None:
        return "an earlier time"
    return clock_or_when(moment, alert.timezone, local(now, alert.timezone).date())


def _note(text: str) -> Message:
    return message(text, [section(text)])
