"""Draining the outbox into Slack: each row leased, posted (or edited), and marked.

A row is leased before it is sent, so two processes never send the same one. Slack's answer
decides what happens next: sent (its reference is kept for later edits); a passing failure
(rate limit after slack-sdk's own retries, 5xx, a dropped connection) tries again later with
exponential backoff; a permanent one (`not_in_channel`, `channel_not_found`…) gives the row
up, visibly, and says once what to do. A manager who cannot get a DM is covered by one copy
in the team's channel. Posts are paced to Slack's per-channel limit.
"""

from __future__ import annotations

import http.client
import logging
import random as random_module
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tcbot.alerts.plan import META, NUDGE_TARGET, alert_payload, enqueue_fallback, view_of
from tcbot.policy.model import Policy
from tcbot.slack.people import NOT_FOUND_TTL, slack_user_for_employee
from tcbot.store import MESSAGE_KINDS, OutboxItem, Store
from tcbot.timeclock.records import Employee

log = logging.getLogger(__name__)

LEASE_S = 120.0  # longer than a send can take, timeouts and slack-sdk's retries included
CHANNEL_GAP_S = 1.0  # Slack allows about one message per second per channel
BACKOFF_FIRST_S = 15.0
BACKOFF_CAP_S = 15 * 60.0
MAX_ATTEMPTS = 20  # passing failures for about four hours, then the row is given up
DM_UNREACHABLE = frozenset(
    {"user_not_found", "users_not_found", "user_disabled", "cannot_dm_bot", "user_not_visible"}
)
TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "account_inactive"})
PASSING = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
WHAT_TO_DO = {
    "not_in_channel": "invite the bot to the channel (/invite @tcbot in {target})",
    "channel_not_found": "check the channel id {target} in the policy file",
    "is_archived": "unarchive {target} or name another channel in the policy file",
    "missing_scope": "add the missing scope to the Slack app and reinstall it (manifest.yml)",
    "not_linked": "link the employee to their Slack user with /tcbot link",
}
TOKEN_HELP = "check SLACK_BOT_TOKEN (tcbot doctor tells what is wrong); delivery resumes after"


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    sent: int
    failed: int
    dead: int


class _GiveUp(Exception):
    """A row that cannot be sent as it is, for a reason found before asking Slack."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class _TryLater(Exception):
    """A row that cannot be sent yet, for a passing reason found before asking Slack."""


class Delivery:
    """Sends what the outbox holds. One per process; `sleep`, `timer` and `random` are for
    tests (pacing off, jitter fixed)."""

    def __init__(
        self,
        *,
        client: WebClient,
        store: Store,
        policy: Policy,
        sleep: Callable[[float], None] = time.sleep,
        timer: Callable[[], float] = time.monotonic,
        random: Callable[[], float] = random_module.random,
        channel_gap_s: float = CHANNEL_GAP_S,
    ) -> None:
        self._client = client
        self._store = store
        self._policy = policy
        self._sleep = sleep
        self._timer = timer
        self._random = random
        self._gap = channel_gap_s
        self._last_post: dict[str, float] = {}
        self._dm_channels: dict[str, str] = {}
        self._told: set[tuple[str, str]] = set()

    def deliver(self, now: datetime, *, limit: int = 50) -> DeliveryResult:
        """Send up to `limit` rows that are due at `now`."""
        counts = {"sent": 0, "failed": 0, "dead": 0, "waiting": 0}
        for item in self._store.outbox.due(now=now, limit=limit):
            if not self._store.outbox.lease(item.id, now=now, for_seconds=LEASE_S):
                continue  # another process took it
            outcome = self._send_one(item, now)
            if outcome == "stop":
                counts["failed"] += 1
                break  # the token was refused: every other row would fail the same way
            counts[outcome] += 1
        return DeliveryResult(counts["sent"], counts["failed"], counts["dead"])

    # -- one row -------------------------------------------------------------------------------

    def _send_one(self, item: OutboxItem, now: datetime) -> str:
        try:
            if item.kind == "update":
                return self._update(item, now)
            channel, ts = self._post(item, now)
        except _GiveUp as reason:
            return self._give_up(item, reason.error, now)
        except _TryLater as reason:
            return self._retry(item, str(reason), now)
        except SlackApiError as failure:
            return self._slack_failed(item, failure, now)
        except (OSError, http.client.HTTPException) as error:
            return self._retry(item, f"connection failed ({type(error).__name__})", now)
        # TODO: a process killed after Slack took the post but before this commit (a few ms)
        # leaves the row leased; once the lease runs out (LEASE_S) it is posted again. Closing
        # that needs a way to ask Slack what was posted (message metadata + history).
        with self._store.transaction():  # the row sent and its alerts delivered, together
            self._store.outbox.sent(item.id, now=now, ts=ts, channel=channel)
            self._delivered(item, channel, now)
        return "sent"

    def _post(self, item: OutboxItem, now: datetime) -> tuple[str, str]:
        if item.kind == "nudge":
            channel = self._dm(self._employee_user(item, now))
        elif item.kind in ("manager_dm", "digest") and item.target[:1] in ("U", "W"):
            channel = self._dm(item.target)
        else:
            channel = item.target
        content = self._named(item, now) or {k: v for k, v in item.payload.items() if k != META}
        self._pace(channel)
        reply = self._client.chat_postMessage(channel=channel, **content)
        return str(reply["channel"]), str(reply["ts"])

    def _named(self, item: OutboxItem, now: datetime) -> dict | None:
        """An alert message drawn again at sending time, naming the person by Slack mention:
        the planner cannot ask Slack who an email belongs to, delivery can."""
        if item.kind not in ("channel", "manager_dm") or not item.alert_key:
            return None
        if item.payload.get(META, {}).get("fallback"):
            return None
        stored = self._store.alerts.get(item.alert_key)
        if stored is None:
            return None
        employee = Employee(stored.alert.employee, stored.alert.email)
        if slack_user_for_employee(employee, client=self._client, store=self._store, now=now):
            return dict(alert_payload(stored.alert, store=self._store, state=view_of(stored, now)))
        return None

    def _update(self, item: OutboxItem, now: datetime) -> str:
        """Edit every message of the alert to show where it stands; nudges are left as sent."""
        key = item.alert_key or item.target
        stored = self._store.alerts.get(key)
        if stored is None:
            raise _GiveUp("alert_not_found")
        if self._posts_pending(key, now):
            # Its messages are still on their way: keep the lease, so this row waits for it
            # to run out and comes back after them.
            return "waiting"
        content = alert_payload(stored.alert, store=self._store, state=view_of(stored, now))
        edited = 0
        for ref in stored.messages:
            if ref.kind == "nudge":
                continue
            self._pace(ref.channel)
            try:
                self._client.chat_update(channel=ref.channel, ts=ref.ts, **content)
                edited += 1
            except SlackApiError as failure:
                if _error(failure) != "message_not_found":
                    raise
                log.info("alert message deleted in Slack, not edited channel=%s", ref.channel)
        self._store.outbox.sent(item.id, now=now, ts="", channel="")
        rule, employee = _rule_and_employee(key)
        log.info("alert messages edited rule=%s employee=%s messages=%d", rule, employee, edited)
        return "sent"

    # -- outcomes ------------------------------------------------------------------------------

    def _slack_failed(self, item: OutboxItem, failure: SlackApiError, now: datetime) -> str:
        error = _error(failure)
        status = failure.response.status_code
        if error in PASSING or status == 429 or status >= 500:
            return self._retry(item, f"slack error {error} (HTTP {status})", now)
        if error in TOKEN_ERRORS:
            self._tell_once(error, "token", "slack token refused error=%s; %s", error, TOKEN_HELP)
            self._retry(item, f"slack error {error}", now)
            return "stop"
        if item.kind == "manager_dm" and error in DM_UNREACHABLE:
            fallback = enqueue_fallback(
                self._store, item, error=error, now=now, default_channel=self._policy.alerts_channel
            )
            log.warning(
                "manager dm failed manager=%s error=%s fallback_channel=%s",
                item.target,
                error,
                fallback or "none",
            )
        return self._give_up(item, error, now)

    def _retry(self, item: OutboxItem, problem: str, now: datetime) -> str:
        if item.attempts + 1 >= MAX_ATTEMPTS:
            return self._give_up(item, f"{problem}; gave up after {MAX_ATTEMPTS} tries", now)
        wait = self.backoff(item.attempts + 1)
        retry_at = now + timedelta(seconds=wait)
        self._store.outbox.failed(item.id, now=now, error=problem, retry_at=retry_at)
        log.warning(
            "slack delivery failed id=%d kind=%s target=%s attempt=%d problem=%r;"
            " will retry in %.0f s",
            item.id,
            item.kind,
            _shown_target(item),
            item.attempts + 1,
            problem,
            wait,
        )
        return "failed"

    def _give_up(self, item: OutboxItem, error: str, now: datetime) -> str:
        self._store.outbox.give_up(item.id, now=now, error=error)
        target = _shown_target(item)
        help_text = WHAT_TO_DO.get(error, "see Slack's documentation of the error")
        self._tell_once(
            error,
            target,
            "slack delivery given up kind=%s target=%s error=%s; %s (shown in /tcbot status)",
            item.kind,
            target,
            error,
            help_text.format(target=target),
        )
        return "dead"

    def _delivered(self, item: OutboxItem, channel: str, now: datetime) -> None:
        keys = list(item.payload.get(META, {}).get("alert_keys", []))
        if item.alert_key is not None:
            keys.append(item.alert_key)
        for key in keys:
            self._store.alerts.mark_delivered(key, now=now)
        if item.alert_key is not None:
            rule, employee = _rule_and_employee(item.alert_key)
            log.info(
                "alert message delivered kind=%s rule=%s employee=%s channel=%s",
                item.kind,
                rule,
                employee,
                channel,
            )
        else:
            log.info(
                "message delivered kind=%s channel=%s alerts=%d", item.kind, channel, len(keys)
            )

    # -- helpers -------------------------------------------------------------------------------

    def backoff(self, attempt: int) -> float:
        """Seconds before try `attempt + 1`: doubling from 15 s, capped at 15 min, ±50 %."""
        nominal = min(BACKOFF_CAP_S, BACKOFF_FIRST_S * 2 ** (attempt - 1))
        return round(nominal * (0.5 + self._random()), 3)

    def _dm(self, user: str) -> str:
        if user not in self._dm_channels:
            reply = self._client.conversations_open(users=user)
            self._dm_channels[user] = str(reply["channel"]["id"])
        return self._dm_channels[user]

    def _employee_user(self, item: OutboxItem, now: datetime) -> str:
        number = item.target.removeprefix(NUDGE_TARGET)
        stored = self._store.alerts.get(item.alert_key) if item.alert_key else None
        if stored is not None and stored.resolved_at is not None:
            # TODO: a skipped nudge is kept as "dead", so /tcbot status counts it as undelivered
            # until purged; matters only after Slack failed for as long as the alert lasted.
            raise _GiveUp("skipped_resolved")  # nothing left for the employee to do
        email = stored.alert.email if stored is not None else ""
        employee = Employee(number, email)
        user = slack_user_for_employee(employee, client=self._client, store=self._store, now=now)
        if user is not None:
            return user
        if not email or self._store.people.recently_not_found(email, now=now, ttl=NOT_FOUND_TTL):
            raise _GiveUp("not_linked")
        raise _TryLater("the employee's Slack user could not be looked up")

    def _posts_pending(self, key: str, now: datetime) -> bool:
        # One indexed look-up, not every undelivered row decoded, once per update row.
        return self._store.outbox.has_pending(key, tuple(MESSAGE_KINDS))

    def _pace(self, channel: str) -> None:
        last = self._last_post.get(channel)
        if last is not None:
            wait = self._gap - (self._timer() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_post[channel] = self._timer()

    def _tell_once(self, error: str, target: str, text: str, *args: Any) -> None:
        if (error, target) in self._told:
            log.debug(text, *args)
            return
        self._told.add((error, target))
        log.warning(text, *args)


def _error(failure: SlackApiError) -> str:
    return str(failure.response.get("error") or "unknown_error")


def _rule_and_employee(alert_key: str) -> tuple[str, str]:
    rule, employee, *_ = [*alert_key.split(":", 2), "", ""]
    return rule, employee


def _shown_target(item: OutboxItem) -> str:
    return item.target if item.kind != "update" else "(alert messages)"
