"""Alerts and times the store tests share."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tcbot.alerts.model import Alert

NOW = datetime(2025, 10, 7, 9, 0, tzinfo=UTC)


def late_start(number: int, *, day: date = date(2025, 10, 7)) -> Alert:
    """Employee `number` started late on `day` (an alert that does not resolve by itself)."""
    return Alert(
        rule="late_start",
        employee=str(1000 + number),
        email=f"person{number}@example.com",
        date=day,
        at=datetime(day.year, day.month, day.day, 6, 40, tzinfo=UTC),
        subject=day.isoformat(),
        detail="started 09:40, 30 min after 09:10",
        timezone="Asia/Jerusalem",
    )


def missing_punch_out(number: int) -> Alert:
    """Employee `number` has had a session open since 08:00 local (can resolve by itself)."""
    start = NOW - timedelta(hours=13)
    return Alert(
        rule="missing_punch_out",
        employee=str(1000 + number),
        email=f"person{number}@example.com",
        date=start.date(),
        at=start + timedelta(hours=12),
        subject=start.isoformat(),
        detail="punched in at 08:00 and not out after 12 h",
        timezone="Asia/Jerusalem",
        ongoing=True,
    )


def many(count: int) -> list[Alert]:
    return [late_start(number) for number in range(count)]
