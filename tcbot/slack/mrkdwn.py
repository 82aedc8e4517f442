"""Making outside text safe in Slack mrkdwn, and naming people in messages.

Slack reads `<...>` as a link, a mention or `<!channel>`, and `&` starts an entity; a name or
detail from TimeClock must never do either. Every such text passes through `escape` before it
enters a mrkdwn field; plain_text fields are shown literally and take the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,}")


def escape(text: object) -> str:
    """`&`, `<` and `>` as the entities Slack documents; nothing else changes."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, ending in `…` when cut. Cut before escaping, never after,
    so an entity such as `&amp;` is never split."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + "…"


def mention(user_id: str) -> str:
    """`<@U…>` for a real-looking Slack user id; anything else is shown escaped, not pinged."""
    if _USER_ID.fullmatch(user_id):
        return f"<@{user_id}>"
    return escape(user_id)


def channel_link(channel: str) -> str:
    """`<#C…>` for a channel id, else the escaped name (`#alerts`)."""
    if _CHANNEL_ID.fullmatch(channel):
        return f"<#{channel}>"
    return escape(channel if channel.startswith("#") else f"#{channel}")


@dataclass(frozen=True, slots=True)
class Person:
    """Who a message is about, by the best name known: a Slack user, a name, an email, a
    number. `label` is safe mrkdwn whatever the fields hold."""

    slack_user: str | None = None
    name: str | None = None
    email: str = ""
    number: str = ""

    @property
    def label(self) -> str:
        if self.slack_user:
            return mention(self.slack_user)
        for text in (self.name, self.email):
            if text and text.strip():
                return escape(truncate(text.strip(), 80))
        if self.number:
            return escape(f"employee {truncate(self.number, 40)}")
        return "someone"

    @property
    def plain(self) -> str:
        """For plain_text fields (headers, buttons): never a mention, shown literally."""
        for text in (self.name, self.email):
            if text and text.strip():
                return truncate(text.strip(), 80)
        if self.number:
            return f"employee {truncate(self.number, 40)}"
        return "someone"
