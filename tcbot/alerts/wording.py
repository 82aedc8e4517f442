"""How alert details read: clock times, days and durations, in plain English.

Details are one short line a manager reads in Slack or in `tcbot scan`; they never
carry an absence reason or personal data, only times and lengths.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clock(moment: datetime) -> str:
    """`09:42`, or `09:10:01` when the seconds matter (a punch one second past a limit)."""
    if moment.second:
        return f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    return f"{moment.hour:02d}:{moment.minute:02d}"


def day_label(day: date) -> str:
    """`Mon 6 Oct`: the weekday matters to managers more than the year."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def day_and_clock(moment: datetime) -> str:
    """`Mon 6 Oct 08:12`, in the moment's own zone."""
    return f"{day_label(moment.date())} {clock(moment)}"


def duration(length: timedelta | int | float) -> str:
    """`12h`, `1h30m`, `57m`, `45m1s` (the policy file's notation); seconds only under an hour."""
    seconds = int(length.total_seconds() if isinstance(length, timedelta) else length)
    if seconds < 0:
        return "-" + duration(-seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if seconds and not hours:
        parts.append(f"{seconds}s")
    return "".join(parts) or "0m"
