"""The sandbox Slack workspace: its users and channels, and the Web API methods that act on them.

`SlackState` answers each method the way Slack does (same fields, same error codes) and keeps
what was posted; `tcbot.sandbox.slack_api` puts it behind HTTP. Callers hold its lock.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEFAULT_SCOPES = (
    "chat:write",
    "commands",
    "im:write",
    "users:read",
    "users:read.email",
    "channels:read",
    "groups:read",
)

# A method refuses with `missing_scope` when the token lacks its scope, as Slack does.
REQUIRED_SCOPES = {
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "chat.postEphemeral": "chat:write",
    "conversations.open": "im:write",
    "conversations.info": "channels:read",
    "conversations.members": "channels:read",
    "users.conversations": "channels:read",
    "users.info": "users:read",
    "users.lookupByEmail": "users:read.email",
}


@dataclass(slots=True)
class Workspace:
    """What the sandbox Slack knows. `users` are Slack user objects (id, name, real_name,
    deleted, tz, profile.email); `channels` are those the bot is in, `other_channels` exist
    but the bot was never invited."""

    users: list[dict[str, Any]] = field(default_factory=list)
    channels: dict[str, str] = field(default_factory=dict)  # id -> name
    other_channels: dict[str, str] = field(default_factory=dict)
    bot_token: str = "xoxb-sandbox-0000"
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    team_id: str = "T0SANDBOX"
    team: str = "Sandbox Company"
    bot_user_id: str = "U0TCBOT"
    bot_id: str = "B0TCBOT"

    def user(self, user_id: str) -> dict[str, Any] | None:
        return next((u for u in self.users if u.get("id") == user_id), None)


def slack_user(
    user_id: str, name: str, email: str, *, tz: str = "UTC", deleted: bool = False
) -> dict[str, Any]:
    """A user object shaped like `users.info` returns it."""
    return {
        "id": user_id,
        "name": email.split("@", 1)[0] if email else name.lower().replace(" ", "."),
        "real_name": name,
        "deleted": deleted,
        "is_bot": False,
        "tz": tz,
        "profile": {"email": email, "real_name": name, "display_name": name.split(" ")[0]},
    }


class SlackFailure(Exception):
    """A method's `{"ok": false}` answer; `extra` holds fields such as `needed`."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


class SlackState:
    """The workspace plus everything posted to it. Not thread-safe by itself."""

    def __init__(self, workspace: Workspace, *, clock: Callable[[], float]) -> None:
        self.workspace = workspace
        self._clock = clock
        self._last_ts = 0.0
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.ephemerals: list[dict[str, Any]] = []
        self.home_views: dict[str, dict[str, Any]] = {}
        self.methods: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "auth.test": self.auth_test,
            "chat.postMessage": self.post_message,
            "chat.update": self.update,
            "chat.postEphemeral": self.post_ephemeral,
            "conversations.open": self.open_dm,
            "conversations.info": self.conversation_info,
            "conversations.members": self.conversation_members,
            "users.conversations": self.user_conversations,
            "users.info": self.user_info,
            "users.lookupByEmail": self.lookup_by_email,
            "views.publish": self.publish_view,
        }

    def call(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        handler = self.methods.get(method)
        if handler is None:
            raise SlackFailure("unknown_method")
        needed = REQUIRED_SCOPES.get(method)
        if needed and needed not in self.workspace.scopes:
            raise SlackFailure(
                "missing_scope", needed=needed, provided=",".join(self.workspace.scopes)
            )
        return handler(args)

    # -- identity ------------------------------------------------------------------------

    def auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        ws = self.workspace
        return {
            "url": f"https://{ws.team_id.lower()}.slack.com/",
            "team": ws.team,
            "user": "tcbot",
            "team_id": ws.team_id,
            "user_id": ws.bot_user_id,
            "bot_id": ws.bot_id,
            "is_enterprise_install": False,
        }

    # -- messages ------------------------------------------------------------------------

    def post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._writable_channel(_required(args, "channel"))
        text, blocks = _content(args)
        if not text and not blocks:
            raise SlackFailure("no_text")
        message: dict[str, Any] = {
            "type": "message",
            "channel": channel,
            "ts": self._next_ts(),
            "user": self.workspace.bot_user_id,
            "bot_id": self.workspace.bot_id,
            "text": text,
            "blocks": blocks,
        }
        if args.get("thread_ts"):
            message["thread_ts"] = str(args["thread_ts"])
        self.messages[(channel, message["ts"])] = message
        return {"channel": channel, "ts": message["ts"], "message": _public(message)}

    def update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._writable_channel(_required(args, "channel"))
        ts = _required(args, "ts")
        message = self.messages.get((channel, ts))
        if message is None:
            raise SlackFailure("message_not_found")
        text, blocks = _content(args)
        if not text and not blocks:
            raise SlackFailure("no_text")
        message["text"] = text
        message["blocks"] = blocks
        message["edited"] = {"user": self.workspace.bot_user_id, "ts": self._next_ts()}
        return {"channel": channel, "ts": ts, "text": text, "message": _public(message)}

    def post_ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._writable_channel(_required(args, "channel"))
        user = self._user(_required(args, "user"))
        text, blocks = _content(args)
        if not text and not blocks:
            raise SlackFailure("no_text")
        ts = self._next_ts()
        self.ephemerals.append(
            {"channel": channel, "user": user["id"], "ts": ts, "text": text, "blocks": blocks}
        )
        return {"message_ts": ts}

    # -- conversations -------------------------------------------------------------------

    def open_dm(self, args: dict[str, Any]) -> dict[str, Any]:
        users = [u.strip() for u in str(args.get("users", "")).split(",") if u.strip()]
        if not users:
            raise SlackFailure("users_list_not_supplied")
        if len(users) > 1:
            # TODO: group DMs (mpim) are not modelled; add them if tcbot ever opens one.
            raise SlackFailure("not_supported")
        user = self._user(users[0], error="user_not_found")
        return {"channel": {"id": dm_channel_id(user["id"])}}

    def conversation_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = _required(args, "channel")
        if channel.startswith("D") and self._dm_user(channel):
            return {"channel": {"id": channel, "is_im": True, "user": self._dm_user(channel)}}
        name = self.workspace.channels.get(channel) or self.workspace.other_channels.get(channel)
        if name is None:
            raise SlackFailure("channel_not_found")
        is_member = channel in self.workspace.channels
        info = {"id": channel, "name": name, "is_channel": True, "is_im": False}
        return {"channel": {**info, "is_member": is_member}}

    def conversation_members(self, args: dict[str, Any]) -> dict[str, Any]:
        # TODO: one page only (no cursor); matters if tcbot ever pages with a small `limit`.
        channel = _required(args, "channel")
        people = [u["id"] for u in self.workspace.users if not u.get("deleted")]
        if channel in self.workspace.channels:
            members = [self.workspace.bot_user_id, *people]
        elif channel in self.workspace.other_channels:
            members = people
        else:
            raise SlackFailure("channel_not_found")
        return {"members": members, "response_metadata": {"next_cursor": ""}}

    def user_conversations(self, args: dict[str, Any]) -> dict[str, Any]:
        channels = [
            {"id": cid, "name": name, "is_channel": True, "is_member": True}
            for cid, name in self.workspace.channels.items()
        ]
        return {"channels": channels, "response_metadata": {"next_cursor": ""}}

    # -- users and views -----------------------------------------------------------------

    def user_info(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"user": copy.deepcopy(self._user(_required(args, "user")))}

    def lookup_by_email(self, args: dict[str, Any]) -> dict[str, Any]:
        wanted = _required(args, "email").strip().lower()
        for user in self.workspace.users:
            if str(user.get("profile", {}).get("email", "")).lower() == wanted:
                return {"user": copy.deepcopy(user)}
        raise SlackFailure("users_not_found")

    def publish_view(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._user(_required(args, "user_id"))
        view = args.get("view")
        if isinstance(view, str):
            view = _json_or_fail(view)
        if not isinstance(view, dict) or view.get("type") != "home":
            raise SlackFailure("invalid_arguments")
        stored = {**copy.deepcopy(view), "id": f"V{user['id'][1:]}"}
        self.home_views[user["id"]] = stored
        return {"view": copy.deepcopy(stored)}

    # -- lookups -------------------------------------------------------------------------

    def _user(self, user_id: str, *, error: str = "user_not_found") -> dict[str, Any]:
        user = self.workspace.user(user_id)
        if user is None:
            raise SlackFailure(error)
        return user

    def _dm_user(self, channel: str) -> str | None:
        return next(
            (u["id"] for u in self.workspace.users if dm_channel_id(u["id"]) == channel), None
        )

    def _writable_channel(self, channel: str) -> str:
        """The channel id a post goes to: a member channel (by id or #name), a DM, or a user."""
        ws = self.workspace
        name = channel.removeprefix("#")
        by_name = {n: cid for cid, n in ws.channels.items()}
        if channel in ws.channels:
            return channel
        if name in by_name:
            return by_name[name]
        if channel in ws.other_channels or name in ws.other_channels.values():
            raise SlackFailure("not_in_channel")
        if channel.startswith("D") and self._dm_user(channel):
            return channel
        if ws.user(channel) is not None:
            return dm_channel_id(channel)  # posting to a user id lands in the app's DM with them
        raise SlackFailure("channel_not_found")

    def _next_ts(self) -> str:
        # Slack's ts is seconds.micros and unique per channel; here unique per workspace.
        self._last_ts = max(round(self._clock(), 6), round(self._last_ts + 0.000001, 6))
        return f"{self._last_ts:.6f}"


def dm_channel_id(user_id: str) -> str:
    return "D" + user_id[1:]


def _required(args: dict[str, Any], name: str) -> str:
    value = args.get(name)
    if value is None or str(value).strip() == "":
        raise SlackFailure("invalid_arguments", detail=f"`{name}` is required")
    return str(value)


def _content(args: dict[str, Any]) -> tuple[str, list[Any]]:
    text = str(args.get("text") or "")
    blocks = args.get("blocks") or []
    if isinstance(blocks, str):
        blocks = _json_or_fail(blocks)
    if not isinstance(blocks, list):
        raise SlackFailure("invalid_blocks_format")
    return text, blocks


def _json_or_fail(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        raise SlackFailure("invalid_json") from None


def _public(message: dict[str, Any]) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in message.items() if k != "channel"}
