"""Slack user ↔ employee, and the WHO of `/hours` as people type it.

    asker = who_is("U1001", client=client, store=store, now=now)   # Identity
    request = parse_hours_text("<@U1002|noa> last week")          # HoursRequest
    slack_id = slack_user_for_employee(employee, client=client, store=store, now=now)

An admin's link in the store (`/tcbot link`) wins; otherwise the Slack profile's email is the
key, which TimeClock also holds. Emails are looked up again each time (cheap); Slack's
"no such user" answers are cached for `NOT_FOUND_TTL`. A missing OAuth scope is a setup fault:
logged once across processes, and told to the asker as `SetupFault` every time.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tcbot.errors import TcbotError, WhoError
from tcbot.slack.mrkdwn import Person, truncate
from tcbot.store import Store
from tcbot.timeclock.records import Employee, email_key

logger = logging.getLogger(__name__)

NOT_FOUND_TTL = timedelta(hours=6)
DEFAULT_PERIOD = "this week"
NOT_FOUND_ERRORS = frozenset({"users_not_found", "user_not_found"})
WHO_HELP = (
    "Write `/hours` for yourself, or name one person first: a mention (`/hours @Dana last week`),"
    " an email (`/hours dana@example.com`) or an employee number (`/hours 1265 this month`)."
)

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_MAILTO = re.compile(r"<mailto:([^|>]+)(?:\|[^>]*)?>")
_EMAIL = re.compile(r"[^@\s<>|]+@[^@\s<>|]+\.[^@\s<>|]+")
_NUMBER = re.compile(r"\d{1,12}")
_TOKEN = re.compile(r"<[^>]*>|\S+")


class SetupFault(TcbotError):
    """The app was installed without a scope it needs; an admin must fix the installation."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(
            f"tcbot cannot read Slack profiles: the app lacks the `{scope}` permission. "
            "An admin needs to reinstall it with the scopes in manifest.yml."
        )


@dataclass(frozen=True, slots=True)
class Identity:
    """A Slack user as tcbot knows them. `employee_number` is set when an admin linked them
    (or an earlier email match did); otherwise `email` is how TimeClock will find them."""

    slack_user: str
    email: str = ""
    employee_number: str | None = None
    name: str | None = None
    tz: str | None = None

    @property
    def lookup(self) -> str | None:
        """What `Attendance.find` takes: the employee number, else the email, else None."""
        return self.employee_number or self.email or None

    def matches(self, employee: Employee) -> bool:
        """True when `employee` is this person (by number, else by email)."""
        if self.employee_number is not None:
            return self.employee_number == employee.number
        return bool(self.email) and email_key(self.email) == employee.email

    def person(self, employee: Employee | None = None) -> Person:
        """How a message names them: a mention, with the record's number/email behind it."""
        return Person(
            slack_user=self.slack_user,
            name=self.name,
            email=employee.email if employee else self.email,
            number=employee.number if employee else (self.employee_number or ""),
        )


@dataclass(frozen=True, slots=True)
class Who:
    """The person `/hours` asks about: `kind` is "me", "slack" (a user id), "email" or
    "number"; `value` is the id, email or number ("" for me); `typed` is as written."""

    kind: str
    value: str = ""
    typed: str = ""


SHARE_WORDS = frozenset({"share", "public"})


@dataclass(frozen=True, slots=True)
class HoursRequest:
    who: Who
    period: str  # as typed, DEFAULT_PERIOD when blank
    share: bool = False  # the asker ended with `share`: answer in the channel, not privately


# -- who is this Slack user --------------------------------------------------------------------


def who_is(user_id: str, *, client: WebClient, store: Store, now: datetime) -> Identity:
    """The Identity of a Slack user: the store's link first, then `users.info` for the email,
    name and timezone. Raises WhoError for an unknown or deactivated user, SetupFault when
    the token lacks `users:read`/`users:read.email` and no link can stand in."""
    link = store.people.employee_for(user_id)
    number = link.employee if link is not None else None
    if store.people.recently_not_found(user_id, now=now, ttl=NOT_FOUND_TTL):
        if number is not None:
            return Identity(user_id, employee_number=number)
        raise _unknown_user(user_id)
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as failure:
        error = _error_code(failure)
        if error in NOT_FOUND_ERRORS:
            store.people.remember_not_found(user_id, now=now)
            if number is not None:
                return Identity(user_id, employee_number=number)
            raise _unknown_user(user_id) from None
        if error == "missing_scope":
            report_missing_scope(failure, store=store, now=now)
            if number is not None:
                return Identity(user_id, employee_number=number)
            raise SetupFault(_needed_scope(failure, "users:read")) from None
        raise
    identity = _identity(user_id, user, number)
    if not identity.email and number is None:
        if user.get("is_bot"):
            raise WhoError(f"{_shown(user_id)} is a bot, not an employee.")
        # Slack leaves the email out, without an error, when users:read.email is missing.
        report_missing_scope(None, store=store, now=now, scope="users:read.email")
        raise SetupFault("users:read.email")
    if user.get("deleted") and number is None:
        raise WhoError(f"{_shown(user_id)} is deactivated in Slack.")
    return identity


def slack_user_for_employee(
    employee: Employee, *, client: WebClient, store: Store, now: datetime
) -> str | None:
    """The Slack user id of an employee, for mentions and DMs: the store's link, else
    `users.lookupByEmail` (then linked). None when Slack does not know them, or cannot say."""
    link = store.people.slack_user_for(employee.number)
    if link is not None:
        return link.slack_user
    if not employee.email:
        return None
    if store.people.recently_not_found(employee.email, now=now, ttl=NOT_FOUND_TTL):
        return None
    try:
        user = client.users_lookupByEmail(email=employee.email)["user"]
    except SlackApiError as failure:
        error = _error_code(failure)
        if error in NOT_FOUND_ERRORS:
            store.people.remember_not_found(employee.email, now=now)
        elif error == "missing_scope":
            report_missing_scope(failure, store=store, now=now)
        else:
            logger.warning("slack lookup failed method=users.lookupByEmail error=%s", error)
        return None
    user_id = str(user["id"])
    store.people.link(user_id, employee.number, source="email", now=now)
    return user_id


def remember_match(identity: Identity, employee: Employee, *, store: Store, now: datetime) -> None:
    """After TimeClock found `identity` by email, keep the number so later lookups are direct."""
    if identity.employee_number is None and identity.matches(employee):
        store.people.link(identity.slack_user, employee.number, source="email", now=now)


def report_missing_scope(
    failure: SlackApiError | None, *, store: Store, now: datetime, scope: str | None = None
) -> None:
    """Log a missing scope once, ever (the store remembers across processes and restarts)."""
    needed = scope or _needed_scope(failure, "unknown")
    if store.people.setup_fault_reported(f"missing_scope:{needed}", now=now):
        logger.error(
            "slack setup fault missing_scope=%s; reinstall the app with manifest.yml's scopes",
            needed,
        )


# -- the WHO and PERIOD of /hours --------------------------------------------------------------


def unescape(text: str) -> str:
    """Slack's three entities back to characters; `&amp;` last, so `&amp;lt;` stays `&lt;`."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def parse_hours_text(text: str) -> HoursRequest:
    """`[who] [period]` → HoursRequest. The WHO is the first word when it is `me`, a mention,
    an email or an employee number; a mention or email may also come last. The rest is the
    period (checked later, by `parse_period`). Raises WhoError, with how to write it."""
    tokens = _TOKEN.findall(unescape(text))
    share = bool(tokens) and tokens[-1].lower() in SHARE_WORDS
    if share:
        tokens = tokens[:-1]
    if not tokens:
        return HoursRequest(Who("me"), DEFAULT_PERIOD, share)
    who = _who(tokens[0], allow_number=True)
    if who is not None:
        rest = tokens[1:]
    else:
        who = _who(tokens[-1], allow_number=False) if len(tokens) > 1 else None
        rest = tokens[:-1] if who is not None else tokens
        who = who or Who("me")
    for token in rest:
        if _looks_like_person(token):
            raise WhoError(f"Name one person at a time: {token!r} is a second one. {WHO_HELP}")
    return HoursRequest(who, " ".join(rest) or DEFAULT_PERIOD, share)


def _who(token: str, *, allow_number: bool) -> Who | None:
    bare = token[1:-1] if token.startswith("<") and token.endswith(">") else token
    if token.lower() == "me":
        return Who("me", typed=token)
    if match := _MENTION.fullmatch(token):
        return Who("slack", match.group(1), token)
    if match := _MAILTO.fullmatch(token):
        return Who("email", email_key(match.group(1)), match.group(1))
    if _EMAIL.fullmatch(bare):
        return Who("email", email_key(bare), bare)
    if allow_number and _NUMBER.fullmatch(token):
        return Who("number", token, token)
    if token.startswith("<@") or token.startswith("@") or "@" in token:
        raise WhoError(f"Can't tell who {truncate(token, 80)!r} is. {WHO_HELP}")
    return None


def _looks_like_person(token: str) -> bool:
    return token.startswith(("<@", "@", "<mailto:")) or bool(_EMAIL.fullmatch(token))


# -- small pieces ------------------------------------------------------------------------------


def _identity(user_id: str, user: dict[str, Any], number: str | None) -> Identity:
    profile = user.get("profile") or {}
    name = profile.get("real_name") or user.get("real_name") or user.get("name")
    tz = user.get("tz") or None
    return Identity(user_id, email_key(profile.get("email")), number, name, tz)


def _error_code(failure: SlackApiError) -> str:
    return str(failure.response.get("error", "unknown_error"))


def _needed_scope(failure: SlackApiError | None, default: str) -> str:
    if failure is None:
        return default
    return str(failure.response.get("needed") or default)


def _shown(user_id: str) -> str:
    # Error texts are shown escaped, so a mention would read literally: name the id instead.
    return f"Slack user {user_id[:20]}"


def _unknown_user(user_id: str) -> WhoError:
    return WhoError(f"Slack does not know {_shown(user_id)}. {WHO_HELP}")
