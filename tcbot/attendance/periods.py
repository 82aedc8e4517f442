"""Periods people type (`last week`, `2025-10-01..2025-10-07`) as inclusive local dates.

`this week` and `this month` are whole calendar periods, so they may end after today; hours
stop counting at now. `last N days` is N days ending today: `last 7 days` is today and the six
days before it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tcbot.errors import PeriodError

# How much of what was typed an error quotes back.
ECHO_LIMIT = 80

MAX_DAYS = 366
ACCEPTED = (
    "today, yesterday, this week, last week, this month, last month, last N days, "
    "a date YYYY-MM-DD, or a range YYYY-MM-DD..YYYY-MM-DD"
)

# ASCII digits only: `\d` also matches other scripts' digits, and int() of 4,300+ digits fails.
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_ONE_DATE = re.compile(rf"({_DATE})")
_RANGE = re.compile(rf"({_DATE})\s*\.\.\s*({_DATE})")
_LAST_DAYS = re.compile(r"last\s+([0-9]+)\s+days?")
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_period(text: str, *, now: datetime, zone: str, week_starts_on: int) -> tuple[date, date]:
    """The first and last local day (inclusive) of the period `text`, as seen at `now` in `zone`.

    `week_starts_on` is a weekday index, Monday 0 to Sunday 6. Raises PeriodError.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    if not 0 <= week_starts_on <= 6:
        raise ValueError(f"week_starts_on must be 0..6, not {week_starts_on}")
    today = now.astimezone(ZoneInfo(zone)).date()
    words = " ".join(text.split()).lower()
    if not words:
        raise _error(text, "no period was given")

    named = _named_period(words, today, week_starts_on)
    if named is not None:
        return named
    if match := _LAST_DAYS.fullmatch(words):
        digits = match.group(1).lstrip("0")
        count = int(digits) if 0 < len(digits) <= 4 else (0 if not digits else MAX_DAYS + 1)
        if not 1 <= count <= MAX_DAYS:
            raise _error(text, f"the number of days must be 1 to {MAX_DAYS}")
        return today - timedelta(days=count - 1), today
    if match := _ONE_DATE.fullmatch(words):
        day = _date(match.group(1), text)
        return day, day
    if match := _RANGE.fullmatch(words):
        first, last = _date(match.group(1), text), _date(match.group(2), text)
        if last < first:
            raise _error(text, f"the range ends ({last}) before it starts ({first})")
        if (last - first).days + 1 > MAX_DAYS:
            raise _error(text, f"the range is longer than {MAX_DAYS} days")
        return first, last
    raise _error(text, "this is not a period tcbot knows")


def describe_period(start: date, end: date) -> str:
    """The period for people: `Mon 6 Oct 2025`, `Sun 5 Oct – Thu 9 Oct 2025`."""
    if start == end:
        return _spell(start, with_year=True)
    first = _spell(start, with_year=start.year != end.year)
    return f"{first} – {_spell(end, with_year=True)}"


def _named_period(words: str, today: date, week_starts_on: int) -> tuple[date, date] | None:
    week_start = today - timedelta(days=(today.weekday() - week_starts_on) % 7)
    month_start = today.replace(day=1)
    if words == "today":
        return today, today
    if words == "yesterday":
        yesterday = today - timedelta(days=1)
        return yesterday, yesterday
    if words == "this week":
        return week_start, week_start + timedelta(days=6)
    if words == "last week":
        return week_start - timedelta(days=7), week_start - timedelta(days=1)
    if words == "this month":
        return month_start, _next_month(month_start) - timedelta(days=1)
    if words == "last month":
        last_month_end = month_start - timedelta(days=1)
        return last_month_end.replace(day=1), last_month_end
    return None


def _next_month(first_day: date) -> date:
    if first_day.month == 12:
        return date(first_day.year + 1, 1, 1)
    return date(first_day.year, first_day.month + 1, 1)


def _date(raw: str, text: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _error(text, f"{raw} is not a date on the calendar") from None


def _spell(day: date, *, with_year: bool) -> str:
    spelled = f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]}"
    return f"{spelled} {day.year}" if with_year else spelled


def _error(text: str, problem: str) -> PeriodError:
    typed = text.strip()
    if len(typed) > ECHO_LIMIT:  # 10,000 typed characters must not bury the hint
        typed = typed[: ECHO_LIMIT - 1] + "…"
    shown = f" {typed!r}" if typed else ""
    return PeriodError(f"Can't read the period{shown}: {problem}. Try {ACCEPTED}.")
