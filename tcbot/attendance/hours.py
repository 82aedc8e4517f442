"""Worked hours per local day over a period (PRODUCT.md, "How hours are counted").

Everything is computed in whole microseconds between real instants, so a night that crosses a
daylight-saving change is an hour longer or shorter than its wall-clock difference. Rounding:
each day's gross and lunch are floored to whole seconds, worked is the day's gross minus its
lunch (or just gross when lunches are paid), and every period total is the sum of its days.
So the days always add up to the totals, and worked = gross - lunch on every day and overall.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from tcbot.policy.model import Policy
from tcbot.timeclock.records import Employee, Lunch, Session

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_US_PER_SECOND = 1_000_000

# A half-open span [start, end) in microseconds since the epoch.
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class DayHours:
    date: date
    worked_seconds: int
    lunch_seconds: int
    gross_seconds: int


@dataclass(frozen=True, slots=True)
class OpenSession:
    start: datetime  # aware, in the session's zone
    counted: bool  # True while younger than missing_punch_out_after


@dataclass(frozen=True, slots=True)
class Hours:
    employee: Employee
    start: date  # first day of the period (inclusive)
    end: date  # last day (inclusive)
    timezone: str  # the zone the days are cut in
    days: tuple[DayHours, ...]  # one per day of the period, zeros included, in order
    open_sessions: tuple[OpenSession, ...]

    @property
    def worked_seconds(self) -> int:
        return sum(day.worked_seconds for day in self.days)

    @property
    def lunch_seconds(self) -> int:
        return sum(day.lunch_seconds for day in self.days)

    @property
    def gross_seconds(self) -> int:
        return sum(day.gross_seconds for day in self.days)

    def as_json(self) -> dict[str, object]:
        """The `tcbot hours --json` object (PRODUCT.md)."""
        return {
            "employee": self.employee.number,
            "email": self.employee.email,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "worked_seconds": self.worked_seconds,
            "lunch_seconds": self.lunch_seconds,
            "gross_seconds": self.gross_seconds,
            "days": [
                {"date": day.date.isoformat(), "worked_seconds": day.worked_seconds}
                for day in self.days
            ],
            "open_sessions": [
                {"start": session.start.isoformat(), "counted": session.counted}
                for session in self.open_sessions
            ],
        }


def count_hours(
    employee: Employee,
    sessions: Sequence[Session],
    lunches: Sequence[Lunch],
    *,
    start: date,
    end: date,
    zone: str,
    policy: Policy,
    now: datetime,
) -> Hours:
    """Hours of `employee` on the local days `start`..`end` (inclusive) in `zone`.

    Lunches nested in `sessions` are counted too; a lunch given both ways counts once.
    Nothing after `now` counts, so a period reaching into the future stops at now.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")

    bounds = _day_bounds(start, end, zone)
    now_us = _micros(now)
    limit_us = policy.limits_for(employee).missing_punch_out_after // _MICROSECOND
    window = (bounds[0], min(bounds[-1], now_us))

    work_spans, open_sessions = _session_spans(sessions, window, now_us, limit_us)
    worked = _union(work_spans)
    lunch_spans = (
        _clip_open(lunch.start, lunch.end, now_us) for lunch in _all_lunches(sessions, lunches)
    )
    lunch = _intersect(_union(_in_window(lunch_spans, window)), worked)

    gross_by_day = _per_day(worked, bounds)
    lunch_by_day = _per_day(lunch, bounds)
    days = []
    for index, (gross_us, lunch_us) in enumerate(zip(gross_by_day, lunch_by_day, strict=True)):
        gross_s = gross_us // _US_PER_SECOND
        lunch_s = lunch_us // _US_PER_SECOND
        worked_s = gross_s if policy.lunch_is_paid else gross_s - lunch_s
        days.append(DayHours(start + timedelta(days=index), worked_s, lunch_s, gross_s))

    return Hours(
        employee=employee,
        start=start,
        end=end,
        timezone=zone,
        days=tuple(days),
        open_sessions=tuple(open_sessions),
    )


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND


@lru_cache(maxsize=256)
def _day_bounds(start: date, end: date, zone: str) -> tuple[int, ...]:
    """Local midnights in `zone` from `start` to the day after `end`, as instants."""
    tz = ZoneInfo(zone)
    count = (end - start).days + 2
    return tuple(
        _micros(datetime.combine(start + timedelta(days=i), datetime.min.time(), tzinfo=tz))
        for i in range(count)
    )


def _session_spans(
    sessions: Iterable[Session], window: Span, now_us: int, limit_us: int
) -> tuple[list[Span], list[OpenSession]]:
    """Worked spans clipped to `window`, and the open sessions that reach into the period."""
    spans: list[Span] = []
    open_sessions: list[OpenSession] = []
    for session in sessions:
        if session.is_absence:
            continue
        begin = _micros(session.start)
        # A punch-out after `now` (answering as of an earlier --now) has not happened yet.
        if session.end is None or _micros(session.end) > now_us:
            if begin >= window[1]:
                continue  # opened after the period, or after now: not this period's
            counted = now_us - begin < limit_us
            if now_us > window[0]:
                open_sessions.append(OpenSession(start=session.start, counted=counted))
            if not counted:
                continue
            finish = now_us
        else:
            finish = _micros(session.end)
        begin, finish = max(begin, window[0]), min(finish, window[1])
        if begin < finish:
            spans.append((begin, finish))
    open_sessions.sort(key=lambda session: session.start)
    return spans, open_sessions


def _all_lunches(sessions: Iterable[Session], lunches: Iterable[Lunch]) -> Iterable[Lunch]:
    yield from lunches
    for session in sessions:
        if not session.is_absence:
            yield from session.lunches


def _clip_open(begin: datetime, finish: datetime | None, now_us: int) -> Span:
    """A record as a span; an open one (or one past now) stops at now."""
    end_us = now_us if finish is None else min(_micros(finish), now_us)
    return _micros(begin), end_us


def _in_window(spans: Iterable[Span], window: Span) -> list[Span]:
    clipped = ((max(a, window[0]), min(b, window[1])) for a, b in spans)
    return [(a, b) for a, b in clipped if a < b]


def _union(spans: list[Span]) -> list[Span]:
    """Sorted, disjoint spans covering the same instants (overlaps and duplicates once)."""
    merged: list[Span] = []
    for begin, finish in sorted(spans):
        if merged and begin <= merged[-1][1]:
            if finish > merged[-1][1]:
                merged[-1] = (merged[-1][0], finish)
        else:
            merged.append((begin, finish))
    return merged


def _intersect(first: list[Span], second: list[Span]) -> list[Span]:
    """The instants in both of two sorted, disjoint span lists (one sweep)."""
    result: list[Span] = []
    i = j = 0
    while i < len(first) and j < len(second):
        begin = max(first[i][0], second[j][0])
        finish = min(first[i][1], second[j][1])
        if begin < finish:
            result.append((begin, finish))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return result


def _per_day(spans: list[Span], bounds: tuple[int, ...]) -> list[int]:
    """Microseconds of `spans` (inside bounds[0]..bounds[-1]) falling on each day."""
    totals = [0] * (len(bounds) - 1)
    for begin, finish in spans:
        day = bisect_right(bounds, begin) - 1
        while begin < finish:
            piece_end = min(finish, bounds[day + 1])
            totals[day] += piece_end - begin
            begin = piece_end
            day += 1
    return totals
