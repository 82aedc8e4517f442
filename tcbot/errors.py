"""Every error tcbot raises on purpose, under one root.

    TcbotError
    ├── ConfigError            a setting or policy key is missing or malformed
    ├── TimeClockError         talking to TimeClock 365 failed (carries the method)
    │   ├── TimeClockAuthError     the key was rejected (401/403); never retried
    │   ├── TimeClockUnavailable   5xx, 429, timeouts, dropped connections, after retries
    │   └── TimeClockReplyError    a JSON-RPC error, wrong id, HTML page or wrong shape
    ├── PeriodError            a period the user typed cannot be read
    ├── WhoError               a person the user named cannot be found
    └── NotAllowed             the asker may not see what they asked for

Messages are written for the person who will read them: what was wrong and
what to do. None of them ever holds a token.
"""

from __future__ import annotations


class TcbotError(Exception):
    """Root of tcbot's own errors; `str(error)` is fit to show a user."""


class ConfigError(TcbotError):
    """A setting is missing or malformed; names the setting and what to do."""

    def __init__(self, setting: str, problem: str, *, line: int | None = None) -> None:
        self.setting = setting
        self.problem = problem
        self.line = line
        where = f" (line {line})" if line is not None else ""
        super().__init__(f"{setting}{where}: {problem}")


class TimeClockError(TcbotError):
    """A call to TimeClock 365 failed; `method` is the JSON-RPC method."""

    def __init__(self, method: str, problem: str) -> None:
        self.method = method
        self.problem = problem
        super().__init__(f"TimeClock 365 `{method}`: {problem}")


class TimeClockAuthError(TimeClockError):
    """The API key was refused. Retrying cannot help."""


class TimeClockUnavailable(TimeClockError):
    """TimeClock did not answer in time, or kept failing, after the retries allowed."""

    def __init__(self, method: str, problem: str, *, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(method, problem)


class TimeClockReplyError(TimeClockError):
    """TimeClock answered, but not with what the method promises."""


class PeriodError(TcbotError):
    """A period such as `last week` or `2025-10-01..2025-10-07` could not be read."""


class WhoError(TcbotError):
    """The person named (mention, email or employee number) could not be found."""


class NotAllowed(TcbotError):
    """The asker may not see this; the message is polite and safe to show them."""
