"""One poll of TimeClock: read the recent window, raise and claim new alerts, resolve ended ones.

The only place that does I/O around the alert rules. A poll makes one API call per method
whatever the company's size; what it finds becomes outbox rows (see `tcbot.alerts.plan`), so
posting to Slack never holds up the next poll. A TimeClock failure is recorded and told to
the admins once when it starts and once when it ends, whichever process notices.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tcbot.alerts.evaluate import evaluate
from tcbot.alerts.model import Alert
from tcbot.alerts.plan import Planner
from tcbot.attendance.query import company_zone
from tcbot.errors import TimeClockError
from tcbot.policy.durations import format_duration
from tcbot.policy.model import Policy
from tcbot.slack.blocks import Message, error_message, message, section
from tcbot.store import Store, StoredAlert
from tcbot.timeclock.client import TimeClockClient
from tcbot.timeclock.records import Attendance, Employee

log = logging.getLogger(__name__)

# timesheet: sessions with their lunches; extended-sessions: absences and groups.
METHODS = ("timesheet", "extended-sessions")
# Local clocks on earth run from UTC-12 to UTC+14.
WESTMOST = timedelta(hours=-12)
EASTMOST = timedelta(hours=14)
OUTAGE = "timeclock"
CLOSED = "closed"  # an alert older than the window, closed without editing its messages
ENDED_BY = {"missing_punch_out": "punched out", "long_lunch": "lunch ended"}
NO_LONGER = "no longer in TimeClock's records"
ARRIVED = "punched in"
_ERROR_LIMIT = 300

# TODO: these sentences belong in tcbot.slack.wording (see the note in tcbot.alerts.plan).
OUTAGE_STARTED = (
    "TimeClock 365 cannot be reached, so attendance alerts are paused: {problem} "
    "tcbot keeps trying every {every} and will say here when it is back."
)
OUTAGE_ENDED = ":white_check_mark: TimeClock 365 is reachable again; attendance alerts are back on."


@dataclass(frozen=True, slots=True)
class PollResult:
    records: int  # sessions and lunches read
    raised: int  # new alerts this poll claimed
    resolved: int  # alerts that ended (punch-out arrived, lunch ended)
    api_calls: int
    duration_s: float
    error: str | None = None


def poll_window(now: datetime) -> tuple[date, date]:
    """The local dates to read and judge: yesterday and today wherever an employee may be
    (the westmost zone's yesterday to the eastmost zone's today: four dates at most)."""
    moment = now.astimezone(UTC)
    return (moment + WESTMOST).date() - timedelta(days=1), (moment + EASTMOST).date()


def read_from(start: date, policy: Policy) -> date:
    """The first day a poll reads: the night before the company's week that holds `start`."""
    first_weekday = policy.first_weekday(policy.company_timezone())
    week_start = start - timedelta(days=(start.weekday() - first_weekday) % 7)
    return week_start - timedelta(days=1)


class Poller:
    """Polls TimeClock for `store`, with `planner` turning new alerts into messages."""

    def __init__(
        self,
        *,
        client: TimeClockClient,
        store: Store,
        policy: Policy,
        planner: Planner,
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._client = client
        self._store = store
        self._policy = policy
        self._planner = planner
        self._timer = timer
        self.employees: Mapping[str, Employee] = {}  # as the last good poll saw them
        self.zone: str | None = None  # the company's zone as the last good poll read it

    def poll(self, now: datetime) -> PollResult:
        began = self._timer()
        calls_before = self._client.call_count
        start, end = poll_window(now)
        try:
            # Read from the start of the week (and the night before it): overtime_week needs
            # the whole week, and a shift that began the day before the window can cover the
            # window's first morning. Days before `start` are read, never judged.
            attendance = self._client.fetch(METHODS, read_from(start, self._policy), end)
        except TimeClockError as error:
            return self._failed(now, error, began, self._client.call_count - calls_before)
        self.employees = attendance.employees
        self.zone = company_zone(self._policy, attendance)
        alerts = evaluate(attendance, self._policy, now=now, start=start, end=end)
        # Claimed and queued in one transaction: a process killed in between must not leave
        # alerts claimed (so never raised again) but with no message queued.
        with self._store.transaction():
            won = self._store.alerts.claim_many(alerts, now=now)
            if won:
                self._planner.plan(won, attendance.employees, now=now)
        resolved = self._resolve(alerts, attendance, start=start, now=now)
        with self._store.transaction():
            ended = self._store.polls.set_outage(OUTAGE, active=False, now=now)
            if ended:
                notice = _notice(OUTAGE_ENDED)
                self._planner.notice(notice, dedupe_key=_outage_key("end", now), now=now)
        if ended:
            log.warning("timeclock outage over; polling normally again")
        result = PollResult(
            records=_records(attendance),
            raised=len(won),
            resolved=resolved,
            api_calls=self._client.call_count - calls_before,
            duration_s=self._timer() - began,
        )
        self._record(now, result)
        log.info(
            "poll ok records=%d alerts=%d alerts_new=%d resolved=%d api_calls=%d duration=%.2fs",
            result.records,
            len(alerts),
            result.raised,
            result.resolved,
            result.api_calls,
            result.duration_s,
        )
        return result

    # -- resolving ---------------------------------------------------------------------------

    def _resolve(
        self, raised: Iterable[Alert], attendance: Attendance, *, start: date, now: datetime
    ) -> int:
        """Resolve open alerts that ended; close those older than the window quietly."""
        raised_keys = {alert.key for alert in raised}
        unreadable = {skip.employee for skip in attendance.skipped}
        ends = _record_ends(attendance)
        resolved = 0
        for stored in self._store.alerts.open_alerts(now=now, include_snoozed=True):
            alert = stored.alert
            if _last_day(alert) < start:
                # Out of sight: TimeClock is no longer asked about that day.
                self._store.alerts.resolve(alert.key, now=now, reason=CLOSED)
                continue
            if alert.employee in unreadable:
                continue
            if alert.rule == "no_show":
                arrived = _arrival(alert, attendance)
                if arrived is not None and self._store.alerts.resolve(
                    alert.key, now=arrived, reason=ARRIVED
                ):
                    self._planner.update(alert.key, why="resolved", now=now)
                    resolved += 1
                continue
            if not alert.ongoing:
                continue
            outcome = _ending(stored, ends, raised_keys, now)
            if outcome is None:
                continue
            reason, at = outcome
            with self._store.transaction():  # resolved and its edit queued, or neither
                done = self._store.alerts.resolve(alert.key, now=at, reason=reason)
                if done:
                    self._planner.update(alert.key, why="resolved", now=now)
            if done:
                resolved += 1
                log.debug(
                    "alert resolved rule=%s employee=%s reason=%r",
                    alert.rule,
                    alert.employee,
                    reason,
                )
        return resolved

    # -- failures ----------------------------------------------------------------------------

    def _failed(
        self, now: datetime, error: TimeClockError, began: float, api_calls: int
    ) -> PollResult:
        problem = str(error)[:_ERROR_LIMIT]
        every = format_duration(self._policy.poll_every)
        with self._store.transaction():  # the outage flag and its notice land together
            if self._store.polls.set_outage(OUTAGE, active=True, now=now):
                text = OUTAGE_STARTED.format(problem=problem, every=every)
                key = _outage_key("start", now)
                self._planner.notice(error_message(text), dedupe_key=key, now=now)
        result = PollResult(0, 0, 0, api_calls, self._timer() - began, problem)
        self._record(now, result)
        log.warning(
            "poll failed api_calls=%d duration=%.2fs error=%r; will retry at next poll in %s",
            api_calls,
            result.duration_s,
            problem,
            every,
        )
        return result

    def _record(self, now: datetime, result: PollResult) -> None:
        self._store.polls.record_poll(
            started=now,
            duration_s=result.duration_s,
            records=result.records,
            alerts_raised=result.raised,
            errors=result.error,
            api_calls=result.api_calls,
        )


def _ending(
    stored: StoredAlert,
    ends: Mapping[tuple[str, str, str], datetime | None],
    raised_keys: set[str],
    now: datetime,
) -> tuple[str, datetime] | None:
    """Why and when an ongoing alert ended, or None while it goes on."""
    alert = stored.alert
    kind = "lunch" if alert.rule == "long_lunch" else "session"
    found = (kind, alert.employee, alert.subject) in ends
    end = ends.get((kind, alert.employee, alert.subject))
    if end is not None and end <= now:
        return ENDED_BY.get(alert.rule, "ended"), end
    if not found and alert.key not in raised_keys:
        return NO_LONGER, now  # the record was removed or changed in TimeClock
    # Still open, or (a lunch left open for ages) raised again as not ongoing: still a problem.
    return None


def _last_day(alert: Alert) -> date:
    """The last day an alert is about: a week's alert is dated by the week's first day."""
    return alert.date + timedelta(days=6) if alert.rule == "overtime_week" else alert.date


def _arrival(alert: Alert, attendance: Attendance) -> datetime | None:
    """When a no-show's employee punched in after all that day (in their own zone), if they did."""
    punches = [
        session.start
        for session in attendance.sessions_of(alert.employee)
        if not session.is_absence and local_day(session.start, alert.timezone) == alert.date
    ]
    return min(punches) if punches else None


def local_day(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


def _record_ends(attendance: Attendance) -> dict[tuple[str, str, str], datetime | None]:
    """The end of every session and lunch read, by (kind, employee, start as the rules key it)."""
    ends: dict[tuple[str, str, str], datetime | None] = {}
    for number, sessions in attendance.sessions.items():
        for session in sessions:
            ends[("session", number, session.start.isoformat())] = session.end
    for number, lunches in attendance.lunches.items():
        for lunch in lunches:
            ends[("lunch", number, lunch.start.isoformat())] = lunch.end
    return ends


def _records(attendance: Attendance) -> int:
    sessions = sum(len(found) for found in attendance.sessions.values())
    return sessions + sum(len(found) for found in attendance.lunches.values())


def _notice(text: str) -> Message:
    return message(text, [section(text)])


def _outage_key(edge: str, now: datetime) -> str:
    return f"outage:{OUTAGE}:{edge}:{now.astimezone(UTC).isoformat()}"
