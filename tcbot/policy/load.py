"""Reading the policy file (PRODUCT.md, "Policy file") into a `Policy`.

Every problem in the file is collected, each with its key, line and what is expected, and all
are raised together in one `ConfigError` naming TCBOT_CONFIG.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from tcbot.errors import ConfigError
from tcbot.policy.durations import DURATION_FORMATS, format_duration, parse_duration
from tcbot.policy.lines import KeyPath, key_lines, line_of
from tcbot.policy.model import (
    RULE_LIMIT_KEYS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    Policy,
    RuleLimits,
    Schedule,
    Team,
)

__all__ = ["format_duration", "load_policy", "parse_duration", "parse_policy"]

TOP_KEYS = (
    "timezone", "week_starts_on", "workdays", "holidays", "lunch_is_paid", "alerts_channel",
    "admins", "poll_every", "digest_at", "retention", "schedule", "rules", "teams",
)  # fmt: skip
SCHEDULE_KEYS = ("start", "end")
_CHANNEL = re.compile(r"[CG][A-Z0-9]{2,}|#[^\s#]+")
TEAM_KEYS = ("name", "managers", "channel", "members", "schedule", "rules", "exempt")
# A zero grace or no-show delay makes sense; a zero lunch limit or poll interval does not.
ZERO_ALLOWED = frozenset({"late_start_grace", "no_show_after"})

_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TOML_LINE = re.compile(r"at line (\d+)")
_WEEKDAYS_HINT = "write sun, mon, tue, wed, thu, fri or sat (or the full name)"


def load_policy(path: Path | None) -> Policy:
    """The policy in the file at `path`; the built-in defaults when `path` is None."""
    if path is None:
        return Policy()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError("TCBOT_CONFIG", f"cannot read {path}: {error}") from None
    return parse_policy(text, source=str(path))


def parse_policy(text: str, *, source: str = "tcbot.toml") -> Policy:
    """The policy written in TOML `text`; `source` names the file in error messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        # tomllib says "at end of document" when the last line is where it gave up.
        line = int(match.group(1)) if match else len(text.splitlines()) or 1
        raise ConfigError(
            "TCBOT_CONFIG", f"{source} is not valid TOML: {error}", line=line
        ) from None
    reader = _Reader(key_lines(text))
    policy = reader.policy(raw)
    if reader.problems:
        raise _combined(reader.problems, source)
    return policy


def _combined(problems: list[tuple[int | None, str]], source: str) -> ConfigError:
    problems.sort(key=lambda problem: problem[0] or 0)
    if len(problems) == 1:
        line, message = problems[0]
        return ConfigError("TCBOT_CONFIG", f"in {source}, {message}", line=line)
    listed = "; ".join(f"line {line}: {message}" if line else message for line, message in problems)
    return ConfigError("TCBOT_CONFIG", f"{source} has {len(problems)} problems: {listed}")


@dataclass(slots=True)
class _Reader:
    """Turns the parsed TOML into model values, noting each problem instead of stopping."""

    lines: dict[KeyPath, int]
    problems: list[tuple[int | None, str]] = field(default_factory=list)

    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append((line_of(self.lines, path), f"`{_dotted(path)}` {message}"))

    def policy(self, raw: dict[str, Any]) -> Policy:
        self.known_keys((), raw, TOP_KEYS, "a policy key")
        values: dict[str, Any] = {}
        readers: dict[str, Callable[[KeyPath, Any], Any]] = {
            "timezone": self.timezone,
            "week_starts_on": self.weekday,
            "workdays": self.workdays,
            "holidays": self.holidays,
            "lunch_is_paid": self.boolean,
            "alerts_channel": self.channel,
            "admins": self.texts,
            "poll_every": self.duration,
            "digest_at": self.clock_time,
            "retention": self.duration,
            "schedule": lambda path, value: self.schedule(path, value, Schedule()),
            "rules": lambda path, value: RuleLimits(**self.rules(path, value)),
            # A team's schedule fills what it leaves out from the company's, read before it.
            "teams": lambda path, value: self.teams(path, value, values.get("schedule")),
        }
        for key, read in readers.items():
            if key in raw:
                value = read((key,), raw[key])
                if value is not None:
                    values[key] = value
        return Policy(**values)

    # -- tables ---------------------------------------------------------------------

    def known_keys(
        self, path: KeyPath, raw: dict[str, Any], known: tuple[str, ...], what: str
    ) -> None:
        for key in raw:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "expected one of " + ", ".join(known)
            self.problem((*path, key), f"is not {what}; {hint}")

    def table(self, path: KeyPath, value: object, known: tuple[str, ...], what: str) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, f"must be a table, not {_kind(value)}")
            return None
        self.known_keys(path, value, known, what)
        return value

    def schedule(self, path: KeyPath, value: object, default: Schedule) -> Schedule | None:
        raw = self.table(path, value, SCHEDULE_KEYS, "a schedule key")
        if raw is None:
            return None
        start = self.clock_time((*path, "start"), raw["start"]) if "start" in raw else None
        end = self.clock_time((*path, "end"), raw["end"]) if "end" in raw else None
        return Schedule(
            start=default.start if start is None else start,
            end=default.end if end is None else end,
        )

    def rules(self, path: KeyPath, value: object) -> dict[str, timedelta]:
        raw = self.table(path, value, RULE_LIMIT_KEYS, "a rule")
        limits = {}
        for key, setting in (raw or {}).items():
            if key in RULE_LIMIT_KEYS:
                limit = self.duration((*path, key), setting, zero_ok=key in ZERO_ALLOWED)
                if limit is not None:
                    limits[key] = limit
        return limits

    def teams(
        self, path: KeyPath, value: object, company: Schedule | None
    ) -> tuple[Team, ...] | None:
        if not isinstance(value, list):
            self.problem(path, f"must be written as [[teams]] tables, not {_kind(value)}")
            return None
        teams: list[Team] = []
        for index, entry in enumerate(value):
            team = self.team((*path, index), entry, company or Schedule())
            if team is None:
                continue
            if any(known.name.casefold() == team.name.casefold() for known in teams):
                self.problem((*path, index, "name"), f"{team.name!r} names two teams; rename one")
                continue
            teams.append(team)
        return tuple(teams)

    def team(self, path: KeyPath, value: object, company: Schedule) -> Team | None:
        raw = self.table(path, value, TEAM_KEYS, "a team key")
        if raw is None:
            return None
        name = self.text((*path, "name"), raw["name"]) if "name" in raw else None
        if "name" not in raw:
            line = line_of(self.lines, path)
            self.problems.append((line, 'a [[teams]] table has no `name`; add name = "..."'))
        schedule = None
        if "schedule" in raw:
            schedule = self.schedule((*path, "schedule"), raw["schedule"], company)
        lists = {key: self.texts((*path, key), raw.get(key, [])) for key in _TEAM_LISTS}
        channel = self.channel((*path, "channel"), raw["channel"]) if "channel" in raw else None
        rules = self.rules((*path, "rules"), raw["rules"]) if "rules" in raw else {}
        if name is None:
            return None
        return Team(
            name=name,
            managers=lists["managers"] or (),
            channel=channel,
            members=lists["members"] or (),
            schedule=schedule,
            rules=rules,
            exempt=lists["exempt"] or (),
        )

    # -- single values ----------------------------------------------------------------

    def text(self, path: KeyPath, value: object) -> str | None:
        if not isinstance(value, str):
            self.problem(path, f"must be a string in quotes, not {_kind(value)}")
            return None
        if not value.strip():
            self.problem(path, "is empty; write a value or leave the key out")
            return None
        return value.strip()

    def channel(self, path: KeyPath, value: object) -> str | None:
        text = self.text(path, value)
        if text is None or _CHANNEL.fullmatch(text):
            return text
        self.problem(
            path,
            f"is {text!r}: write the channel ID (like C0123ALERTS, from the channel's details)"
            f' or its name with # (like "#{text.lstrip("#") or "alerts"}")',
        )
        return None

    def texts(self, path: KeyPath, value: object) -> tuple[str, ...] | None:
        if not isinstance(value, list):
            self.problem(path, f'must be a list of strings like ["a", "b"], not {_kind(value)}')
            return None
        items = [self.text((*path, index), item) for index, item in enumerate(value)]
        return tuple(item for item in items if item is not None)

    def boolean(self, path: KeyPath, value: object) -> bool | None:
        if not isinstance(value, bool):
            self.problem(path, f"must be true or false, not {_kind(value)}")
            return None
        return value

    def duration(self, path: KeyPath, value: object, *, zero_ok: bool = False) -> timedelta | None:
        if not isinstance(value, str):
            self.problem(path, f'must be a duration in quotes like "45m", not {_kind(value)}')
            return None
        try:
            parsed = parse_duration(value)
        except ValueError:
            self.problem(path, f"is {value!r}, not a duration; write it like {DURATION_FORMATS}")
            return None
        if not parsed and not zero_ok:
            self.problem(path, f"is {value!r}; it must be longer than zero")
            return None
        return parsed

    def clock_time(self, path: KeyPath, value: object) -> time | None:
        if isinstance(value, time) and value.tzinfo is None:
            return value
        match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
        if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
            return time(int(match.group(1)), int(match.group(2)))
        self.problem(path, f'is {_shown(value)}, not a time; write it as "HH:MM", like "09:00"')
        return None

    def timezone(self, path: KeyPath, value: object) -> str | None:
        name = self.text(path, value)
        if name is None:
            return None
        try:
            ZoneInfo(name)
            return name
        except (ZoneInfoNotFoundError, ValueError):
            close = difflib.get_close_matches(name, available_timezones(), n=1)
            hint = (
                f"did you mean {close[0]!r}?"
                if close
                else 'write an IANA name like "Europe/London"'
            )
            self.problem(path, f"is {name!r}, not a known IANA timezone; {hint}")
            return None

    def weekday(self, path: KeyPath, value: object) -> int | None:
        word = value.strip().lower() if isinstance(value, str) else None
        if word in WEEKDAYS:
            return WEEKDAYS.index(word)
        if word in WEEKDAY_NAMES:
            return WEEKDAY_NAMES.index(word)
        self.problem(path, f"is {_shown(value)}, not a weekday; {_WEEKDAYS_HINT}")
        return None

    def workdays(self, path: KeyPath, value: object) -> frozenset[int] | None:
        if not isinstance(value, list):
            self.problem(
                path, f'must be a list of weekdays like ["mon", "tue"], not {_kind(value)}'
            )
            return None
        days = [self.weekday((*path, i), day) for i, day in enumerate(value)]
        return frozenset(day for day in days if day is not None)

    def holidays(self, path: KeyPath, value: object) -> frozenset[date] | None:
        if not isinstance(value, list):
            self.problem(path, f'must be a list of dates like ["2025-10-07"], not {_kind(value)}')
            return None
        days = [self.holiday((*path, i), day) for i, day in enumerate(value)]
        return frozenset(day for day in days if day is not None)

    def holiday(self, path: KeyPath, value: object) -> date | None:
        if isinstance(value, date) and type(value) is date:
            return value
        if isinstance(value, str) and _DATE.fullmatch(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(
            path, f'has {_shown(value)}, not a date; write "YYYY-MM-DD", like "2025-10-07"'
        )
        return None


_TEAM_LISTS = ("managers", "members", "exempt")


def _dotted(path: KeyPath) -> str:
    return ".".join(str(key) for key in path if isinstance(key, str))


def _shown(value: object) -> str:
    return repr(value) if isinstance(value, str) else _kind(value)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"
