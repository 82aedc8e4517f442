"""Which Slack messages a newly claimed alert becomes, queued in the outbox once each.

An alert goes to its team's channel (else `alerts_channel`), to each of the team's managers as
a DM, and, for a forgotten punch-out or a lunch still running, as a nudge to the employee.
Many new alerts for one channel or manager in one poll become a single digest instead. Every
row has a stable dedupe key, so planning the same alert twice queues nothing new. Payloads
are finished Block Kit messages; routing facts delivery needs (where a failed DM falls back
to, which alerts a digest carries) ride along under `meta`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tcbot.alerts.model import Alert
from tcbot.policy.model import Policy
from tcbot.slack.blocks import (
    AlertView,
    Message,
    alert_message,
    context,
    digest_message,
    nudge_message,
)
from tcbot.slack.mrkdwn import Person, escape, mention
from tcbot.slack.timetext import day, local
from tcbot.store import OutboxItem, Store, StoredAlert
from tcbot.store.connection import to_db
from tcbot.timeclock.records import Employee

log = logging.getLogger(__name__)

DIGEST_OVER = 5  # more new alerts than this for one channel or manager in a poll: one digest
NUDGE_TARGET = "employee:"  # a nudge's target is the employee number; delivery finds the user
META = "meta"

# TODO: these sentences belong in tcbot.slack.wording with the others; they are here only
# because that module was being edited by another engineer when this one was written.
NEW_DIGEST_TITLE = "{count} new attendance alerts"
DAILY_DIGEST_TITLE = "Open attendance alerts · {day}"
FALLBACK_NOTE = (
    ":information_source: Posted here because {manager} could not get a direct message "
    "(Slack said `{error}`)."
)


REMINDED_BY_UNKNOWN = "Someone"  # who pressed Remind is not stored, only when


def view_of(stored: StoredAlert, now: datetime, *, reminded_by: str | None = None) -> AlertView:
    """Where a stored alert stands, as its messages show it; an expired snooze is not shown.
    The one view for every edit, so a button's edit and delivery's agree."""
    snoozed = stored.snoozed_until is not None and stored.snoozed_until > now
    reminder = reminded_by or stored.reminded_by
    if reminder is None and stored.reminded_at is not None:
        reminder = REMINDED_BY_UNKNOWN
    return AlertView(
        acknowledged_by=stored.acknowledged_by,
        acknowledged_at=stored.acknowledged_at,
        snoozed_until=stored.snoozed_until if snoozed else None,
        snoozed_by=stored.snoozed_by if snoozed else None,
        reminded_by=reminder,
        resolved_at=stored.resolved_at,
        resolved_reason=stored.resolved_reason,
    )


def alert_payload(alert: Alert, *, store: Store, state: AlertView | None = None) -> Message:
    """The channel/DM message of `alert`, naming the person by mention once Slack knows them."""
    link = store.people.slack_user_for(alert.employee)
    return alert_message(alert, slack_user=link.slack_user if link else None, state=state)


def people_of(alerts: Sequence[Alert], store: Store) -> dict[str, Person]:
    """How digests name the people of `alerts`: a mention where the Slack user is known."""
    people: dict[str, Person] = {}
    for alert in alerts:
        link = store.people.slack_user_for(alert.employee)
        slack_user = link.slack_user if link else None
        people[alert.employee] = Person(slack_user, None, alert.email, alert.employee)
    return people


def wants_nudge(alert: Alert) -> bool:
    """Only what the employee can fix right now: punch out, or end the lunch."""
    return alert.rule == "missing_punch_out" or (alert.rule == "long_lunch" and alert.ongoing)


@dataclass(frozen=True, slots=True)
class Planner:
    """Turns alerts into outbox rows. `nudge` sends employees a DM about what they can fix."""

    store: Store
    policy: Policy
    nudge: bool = True
    digest_over: int = DIGEST_OVER

    def plan(
        self, alerts: Sequence[Alert], employees: Mapping[str, Employee], *, now: datetime
    ) -> int:
        """Queue the messages of `alerts` (claimed by this caller); returns the rows queued.
        `employees` (by number) gives the groups that team membership may depend on."""
        groups: dict[tuple[str, str], list[Alert]] = {}
        fallback: dict[str, str | None] = {}
        for alert in alerts:
            employee = employees.get(alert.employee) or Employee(alert.employee, alert.email)
            channel = self.policy.channel_for(employee)
            fallback[alert.key] = channel
            if channel:
                groups.setdefault(("channel", channel), []).append(alert)
            for manager in self.policy.managers_of(employee):
                groups.setdefault(("manager_dm", manager), []).append(alert)
        queued = 0
        for (kind, target), group in groups.items():
            if len(group) > self.digest_over:
                queued += self._digest(target, group, now=now)
                continue
            for alert in group:
                meta = {"fallback_channel": fallback[alert.key]} if kind == "manager_dm" else {}
                payload = {**alert_payload(alert, store=self.store), META: meta}
                dedupe = f"{alert.key}:{kind}:{target}"
                queued += self._enqueue(kind, target, payload, alert.key, dedupe, now)
        if self.nudge:
            for alert in filter(wants_nudge, alerts):
                target = f"{NUDGE_TARGET}{alert.employee}"
                payload = {**nudge_message(alert), META: {}}
                queued += self._enqueue(
                    "nudge", target, payload, alert.key, alert.key + ":nudge", now
                )
        log.debug("alert messages planned alerts=%d queued=%d", len(alerts), queued)
        return queued

    def update(self, alert_key: str, *, why: str, now: datetime) -> bool:
        """Queue an edit of every message posted about the alert, to show it as it stands
        when the edit is sent (`why`: "resolved", "snoozed"…). Call it once per change, from
        the one caller whose store write made the change; a second snooze is a new change."""
        return self.store.outbox.enqueue(
            "update",
            alert_key,
            {},
            alert_key=alert_key,
            dedupe_key=f"{alert_key}:update:{why}:{to_db(now)}",
            now=now,
        )

    def daily_digest(
        self, manager: str, alerts: Sequence[Alert], *, now: datetime, zone: str
    ) -> bool:
        """Queue today's digest DM for `manager` (one per manager and local day)."""
        today = local(now, zone).date()
        title = DAILY_DIGEST_TITLE.format(day=day(today))
        payload = {
            **digest_message(alerts, title=title, people=people_of(alerts, self.store)),
            META: {},
        }
        dedupe = f"daily-digest:{manager}:{today.isoformat()}"
        return self._enqueue("digest", manager, payload, None, dedupe, now) == 1

    def notice(self, text: Message, *, dedupe_key: str, now: datetime) -> int:
        """An operator notice (e.g. an outage) to `alerts_channel`, else to each admin."""
        payload = {**text, META: {}}
        if self.policy.alerts_channel:
            target = self.policy.alerts_channel
            return self._enqueue("channel", target, payload, None, f"{dedupe_key}:{target}", now)
        return sum(
            self._enqueue("manager_dm", admin, payload, None, f"{dedupe_key}:{admin}", now)
            for admin in self.policy.admins
        )

    def _digest(self, target: str, alerts: Sequence[Alert], *, now: datetime) -> int:
        keys = sorted(alert.key for alert in alerts)
        digest = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]
        title = NEW_DIGEST_TITLE.format(count=len(alerts))
        payload = {
            **digest_message(alerts, title=title, people=people_of(alerts, self.store)),
            META: {"alert_keys": keys},
        }
        return self._enqueue("digest", target, payload, None, f"digest:{target}:{digest}", now)

    def _enqueue(
        self,
        kind: str,
        target: str,
        payload: dict[str, Any],
        alert_key: str | None,
        dedupe_key: str,
        now: datetime,
    ) -> int:
        queued = self.store.outbox.enqueue(
            kind, target, payload, alert_key=alert_key, dedupe_key=dedupe_key, now=now
        )
        return int(queued)


def enqueue_fallback(
    store: Store,
    item: OutboxItem,
    *,
    error: str,
    now: datetime,
    default_channel: str | None = None,
) -> str | None:
    """A manager's DM could not be delivered: queue one copy of it in the team's channel
    (else `default_channel`), saying why; once per alert, however many managers fail.
    Returns the channel, or None when there is none or the copy was queued before."""
    channel = item.payload.get(META, {}).get("fallback_channel") or default_channel
    if not channel or item.alert_key is None:
        return None
    note = FALLBACK_NOTE.format(manager=mention(item.target), error=escape(error))
    blocks = [*item.payload.get("blocks", []), context(note).to_dict()]
    # Marked, so delivery sends it as it is rather than drawing the alert again without the note.
    payload = {"text": item.payload.get("text", ""), "blocks": blocks, META: {"fallback": True}}
    queued = store.outbox.enqueue(
        "channel",
        channel,
        payload,
        alert_key=item.alert_key,
        dedupe_key=f"{item.alert_key}:fallback",
        now=now,
    )
    return channel if queued else None
