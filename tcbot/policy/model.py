"""The policy in force: company timezone, schedules, rule limits and teams.

Loaded from the TOML file named by TCBOT_CONFIG (see `tcbot.policy.load`);
every key is optional and the defaults are PRODUCT.md's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import time, timedelta

from tcbot.timeclock.records import Employee, email_key

# Monday is 0, as in `date.weekday()`.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SUNDAY_FIRST_ZONES = frozenset({"Asia/Jerusalem", "Asia/Tel_Aviv", "Israel"})


@dataclass(frozen=True, slots=True)
class Schedule:
    start: time = time(9, 0)
    end: time = time(18, 0)


@dataclass(frozen=True, slots=True)
class RuleLimits:
    late_start_grace: timedelta = timedelta(minutes=10)
    no_show_after: timedelta = timedelta(hours=2)
    long_lunch: timedelta = timedelta(minutes=45)
    missing_punch_out_after: timedelta = timedelta(hours=12)
    overtime_day: timedelta = timedelta(hours=10)
    overtime_week: timedelta = timedelta(hours=45)


RULE_LIMIT_KEYS = tuple(RuleLimits.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class Team:
    name: str
    managers: tuple[str, ...] = ()
    channel: str | None = None
    # Employee numbers, emails, or "group:NAME" for a TimeClock group.
    members: tuple[str, ...] = ()
    schedule: Schedule | None = None
    rules: dict[str, timedelta] = field(default_factory=dict)
    exempt: tuple[str, ...] = ()

    def has_member(self, employee: Employee) -> bool:
        return any(_selects(entry, employee) for entry in self.members)

    def exempts(self, employee: Employee) -> bool:
        return any(_selects(entry, employee) for entry in self.exempt)


def _selects(entry: str, employee: Employee) -> bool:
    entry = entry.strip()
    if entry.startswith("group:"):
        wanted = entry[len("group:") :].strip().lower()
        return any(group.strip().lower() == wanted for group in employee.groups)
    if "@" in entry:
        return bool(employee.email) and email_key(entry) == employee.email
    return entry == employee.number


@dataclass(frozen=True, slots=True)
class Policy:
    timezone: str | None = None
    week_starts_on: int | None = None  # weekday index; None: by the timezone's custom
    workdays: frozenset[int] | None = None  # weekday indexes; None: by the timezone
    holidays: frozenset = frozenset()  # of datetime.date
    lunch_is_paid: bool = False
    alerts_channel: str | None = None
    admins: tuple[str, ...] = ()
    poll_every: timedelta = timedelta(minutes=5)
    digest_at: time = time(17, 30)
    retention: timedelta = timedelta(days=90)
    schedule: Schedule = Schedule()
    rules: RuleLimits = RuleLimits()
    teams: tuple[Team, ...] = ()

    # -- the company's calendar -------------------------------------------------

    def company_timezone(self, fallback: str | None = None) -> str:
        """The policy's zone, else the zone the sessions use (`fallback`), else UTC."""
        return self.timezone or fallback or "UTC"

    def first_weekday(self, zone: str) -> int:
        if self.week_starts_on is not None:
            return self.week_starts_on
        return 6 if zone in SUNDAY_FIRST_ZONES else 0

    def workday_set(self, zone: str) -> frozenset[int]:
        if self.workdays is not None:
            return self.workdays
        if zone in SUNDAY_FIRST_ZONES:
            return frozenset({6, 0, 1, 2, 3})
        return frozenset({0, 1, 2, 3, 4})

    # -- per employee -----------------------------------------------------------

    def teams_of(self, employee: Employee) -> list[Team]:
        return [team for team in self.teams if team.has_member(employee)]

    def team_of(self, employee: Employee) -> Team | None:
        """The first team (in file order) that lists the employee."""
        teams = self.teams_of(employee)
        return teams[0] if teams else None

    def schedule_for(self, employee: Employee) -> Schedule:
        team = self.team_of(employee)
        if team is not None and team.schedule is not None:
            return team.schedule
        return self.schedule

    def limits_for(self, employee: Employee) -> RuleLimits:
        team = self.team_of(employee)
        if team is None or not team.rules:
            return self.rules
        return replace(self.rules, **team.rules)

    def is_exempt(self, employee: Employee) -> bool:
        return any(team.exempts(employee) for team in self.teams)

    def channel_for(self, employee: Employee) -> str | None:
        team = self.team_of(employee)
        if team is not None and team.channel:
            return team.channel
        return self.alerts_channel

    def managers_of(self, employee: Employee) -> tuple[str, ...]:
        managers: list[str] = []
        for team in self.teams_of(employee):
            managers.extend(m for m in team.managers if m not in managers)
        return tuple(managers)
