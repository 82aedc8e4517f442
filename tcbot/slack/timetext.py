"""Times, days and durations as Slack messages show them, in the reader's own timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def zone_of(zone: str) -> tzinfo:
    """The IANA zone, or UTC when the name is unknown (a message still reads, marked UTC)."""
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(zone_of(zone))


def day(value: date) -> str:
    """`Tue 14 Oct`."""
    return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]}"


def clock(moment: datetime, zone: str) -> str:
    """`19:02`, in `zone`."""
    return local(moment, zone).strftime("%H:%M")


def when(moment: datetime, zone: str) -> str:
    """`Tue 14 Oct, 19:02 IDT`: the day, the time, and the zone's abbreviation."""
    shown = local(moment, zone)
    return f"{day(shown.date())}, {shown:%H:%M} {shown.tzname()}"


def clock_or_when(moment: datetime, zone: str, today: date) -> str:
    """`19:02` for a moment on `today` (in `zone`), else the full `when`."""
    shown = local(moment, zone)
    return f"{shown:%H:%M}" if shown.date() == today else when(moment, zone)


def period_dates(start: date, end: date) -> str:
    """`Sun 12 Oct – Sat 18 Oct 2025`; one day reads `Tue 14 Oct 2025`."""
    if start == end:
        return f"{day(start)} {start.year}"
    if start.year == end.year:
        return f"{day(start)} – {day(end)} {end.year}"
    return f"{day(start)} {start.year} – {day(end)} {end.year}"


def hours_minutes(seconds: int | float) -> str:
    """`7h 42m` (whole minutes, rounded down, so days add up to what totals show)."""
    total = int(seconds) // 60
    sign = "-" if total < 0 else ""
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours}h {minutes}m"


def ago(then: datetime, now: datetime) -> str:
    """`just now`, `4 min ago`, `3 h ago`, `2 days ago`."""
    seconds = int((now - then).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def limit(length: timedelta) -> str:
    """A rule's limit: `45h`, `1h 30m`, `10m`, `30s` (hours, never days: `45h` not `1d21h`)."""
    total = int(length.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (seconds, "s")) if n]
    return " ".join(parts) or "0m"
