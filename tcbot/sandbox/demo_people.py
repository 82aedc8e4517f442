"""The demo's people as someone at the prompt names them: `@dana`, `@maya`, `@noa.shapiro`.

Slack escapes a typed mention before the app sees it (`@dana` → `<@U1001|dana>`, with the
command's "escape channels, users and links" setting on); `escape_mentions` does the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from tcbot.policy.model import Policy
from tcbot.sandbox.company import Company
from tcbot.sandbox.slack_workspace import Workspace, dm_channel_id
from tcbot.sandbox.terminal import Directory

# `@name` or `#channel` where Slack would see one: at the start or after a space.
_TYPED = re.compile(r"(?<!\S)([@#])([\w.\-]+)")


@dataclass(frozen=True, slots=True)
class DemoUser:
    slack_id: str
    handle: str  # Slack's username (the email's local part here)
    short: str  # the shortest `@name` that finds them: the first name when it does
    name: str
    first: str
    role: str  # "admin", "manager" or "employee"
    about: str  # "manager of Support", "employee in Sales"


def users_of(company: Company, policy: Policy) -> list[DemoUser]:
    """Everyone in the sandbox company, in roster order (the named people first)."""
    managers = {m: team.name for team in policy.teams for m in team.managers}
    found: list[DemoUser] = []
    for person in company.people:
        user = person.slack_id
        if user in policy.admins:
            role, about = "admin", f"admin in {person.team}"
        elif user in managers:
            role, about = "manager", f"manager of {managers[user]}"
        else:
            role, about = "employee", f"employee in {person.team}"
        handle = person.clean_email.split("@")[0]
        found.append(DemoUser(user, handle, handle, person.name, person.first, role, about))
    return [_shortest(user, found) for user in found]


def _shortest(user: DemoUser, users: Sequence[DemoUser]) -> DemoUser:
    first = user.first.lower()
    if first != user.handle and find_user(users, first) is user:
        return replace(user, short=first)
    return user


def find_user(users: Sequence[DemoUser], typed: str) -> DemoUser | None:
    """By Slack username, else by first name (the first in roster order), else by user id."""
    wanted = typed.strip().removeprefix("@").lower()
    if not wanted:
        return None
    for matches in (
        lambda u: u.handle == wanted,
        lambda u: u.first.lower() == wanted,
        lambda u: u.slack_id.lower() == wanted,
    ):
        found = next((u for u in users if matches(u)), None)
        if found is not None:
            return found
    return None


def escape_mentions(text: str, users: Sequence[DemoUser], channels: Mapping[str, str]) -> str:
    """`@dana` → `<@U1001|dana>` and `#support` → `<#C0SUPPORT|support>`, as Slack sends a
    command's text; a name nobody has stays as typed."""
    by_name = {name: channel for channel, name in channels.items()}

    def escaped(match: re.Match[str]) -> str:
        sigil, typed = match.group(1), match.group(2)
        word = typed.rstrip(".")  # "ask @dana." ends a sentence, not a name
        after = typed[len(word) :]
        if sigil == "#":
            channel = by_name.get(word.lower())
            return f"<#{channel}|{word.lower()}>{after}" if channel else match.group(0)
        user = find_user(users, word)
        return f"<@{user.slack_id}|{user.handle}>{after}" if user else match.group(0)

    return _TYPED.sub(escaped, text)


def directory(users: Sequence[DemoUser], workspace: Workspace) -> Directory:
    """The renderer's names for this workspace: people, channels, DMs and roles."""
    names = {u.slack_id: u.name for u in users}
    names[workspace.bot_user_id] = "tcbot"
    return Directory(
        users=names,
        channels={**workspace.other_channels, **workspace.channels},
        dms={dm_channel_id(u.slack_id): u.slack_id for u in users},
        roles={u.slack_id: u.role for u in users},
    )
