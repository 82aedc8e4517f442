"""An alert: one rule firing for one employee about one session, lunch, day or week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

RULES = (
    "missing_punch_out",
    "long_lunch",
    "late_start",
    "no_show",
    "overtime_day",
    "overtime_week",
)


@dataclass(frozen=True, slots=True)
class Alert:
    rule: str
    employee: str
    email: str
    date: date  # the local day the alert concerns, in the employee's own timezone
    at: datetime  # aware: when the condition became true (or the event it is about)
    subject: str  # what it is about, stable across polls: a session/lunch start, a day, a week
    detail: str  # one line for people; never an absence reason or personal data
    timezone: str  # the employee's zone, for showing `at` to them
    ongoing: bool = False  # can still resolve by itself (open session, open lunch)

    @property
    def key(self) -> str:
        """Stable identity: the same alert on the next poll, or after a restart, has this key."""
        return f"{self.rule}:{self.employee}:{self.subject}"

    def as_json(self) -> dict[str, str]:
        """The `tcbot scan --json` line (PRODUCT.md)."""
        return {
            "rule": self.rule,
            "employee": self.employee,
            "email": self.email,
            "date": self.date.isoformat(),
            "at": self.at.isoformat(),
            "detail": self.detail,
        }
