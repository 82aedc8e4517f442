"""The two daily jobs: each manager's digest of their team's open alerts, and the purge.

Both take `now` from the scheduler; the digest is queued in the outbox (one per manager and
local day, whichever process runs it), so delivery sends it like any other message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from tcbot.alerts.model import Alert
from tcbot.alerts.plan import Planner
from tcbot.policy.durations import format_duration
from tcbot.policy.model import Policy
from tcbot.store import Store
from tcbot.timeclock.records import Employee

log = logging.getLogger(__name__)

DIGEST_SPAN = timedelta(hours=24)


class Digest:
    """At `policy.digest_at`: one DM per manager listing their team's alerts of the last day
    that are still open (neither resolved nor snoozed); nothing for a manager with none.

    `employees` gives the roster the last poll saw (`Poller.employees`): team membership by
    TimeClock group needs it. Someone missing from it is matched by number and email only.
    """

    def __init__(
        self,
        *,
        store: Store,
        policy: Policy,
        planner: Planner,
        employees: Callable[[], Mapping[str, Employee]],
        zone: str,
    ) -> None:
        self._store = store
        self._policy = policy
        self._planner = planner
        self._employees = employees
        self.zone = zone  # the company's; the runtime may learn it from the first poll

    def run(self, now: datetime) -> int:
        """Queue the day's digests; returns how many managers get one."""
        roster = self._employees()
        by_manager: dict[str, list[Alert]] = {}
        for stored in self._store.alerts.open_alerts(now=now):
            alert = stored.alert
            if alert.at < now - DIGEST_SPAN:
                continue
            employee = roster.get(alert.employee) or Employee(alert.employee, alert.email)
            for manager in self._policy.managers_of(employee):
                by_manager.setdefault(manager, []).append(alert)
        queued = sum(
            self._planner.daily_digest(manager, alerts, now=now, zone=self.zone)
            for manager, alerts in by_manager.items()
        )
        alerts_total = sum(len(alerts) for alerts in by_manager.values())
        log.info("daily digest queued managers=%d alerts=%d", queued, alerts_total)
        return queued


class Purge:
    """Deletes what is older than `policy.retention` (resolved alerts, finished messages…)."""

    def __init__(self, *, store: Store, policy: Policy) -> None:
        self._store = store
        self._policy = policy

    def run(self, now: datetime) -> dict[str, int]:
        removed = self._store.purge(now=now, retention=self._policy.retention)
        log.info(
            "retention purge done retention=%s rows=%d",
            format_duration(self._policy.retention),
            sum(removed.values()),
        )
        return removed
