"""Durations as the policy file writes them: `30s`, `45m`, `2h`, `1h30m`, `90d`."""

from __future__ import annotations

import re
from datetime import timedelta

DURATION_FORMATS = "30s, 45m, 2h, 1h30m or 90d"

_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_UNITS = (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1))


def parse_duration(text: str) -> timedelta:
    """`1h30m` as a timedelta; units d, h, m, s in that order, each at most once.

    Raises ValueError with a message fit to show (it lists the accepted formats).
    """
    cleaned = text.strip().lower()
    match = _DURATION.fullmatch(cleaned)
    if not cleaned or match is None:
        raise ValueError(f"{text!r} is not a duration; write it like {DURATION_FORMATS}")
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    try:
        return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        raise ValueError(
            f"{text!r} is far too long a duration; write it like {DURATION_FORMATS}"
        ) from None


def format_duration(duration: timedelta) -> str:
    """Text `parse_duration` reads back, as people write it: `1h30m`, `45m`, `45h`, `90d`, `0s`.

    Days are used only for whole days, so a week's limit reads `45h`, not `1d21h`.
    Parts of a second are dropped; a negative duration gets a leading `-`.
    """
    total = int(duration.total_seconds())
    if total == 0:
        return "0s"
    sign = "-" if total < 0 else ""
    remaining = abs(total)
    units = _UNITS if remaining % 86_400 == 0 else _UNITS[1:]
    parts = []
    for unit, size in units:
        amount, remaining = divmod(remaining, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return sign + "".join(parts)
