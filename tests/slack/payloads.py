"""Requests shaped as Slack sends them, and signed as Slack signs them: pure functions.

`tests/slack/harness.py` sends these; a test may build one to alter it (a stale timestamp, a
changed body) and send it with `harness.dispatch(body, headers=...)` or `harness.post_http`.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from tcbot.sandbox.demo_requests import FORM
from tcbot.sandbox.demo_requests import signed_headers as sign

SECRET = "sandbox-signing-secret"
APP_ID = "A0TCBOT"
BOT_USER = "U0TCBOT"
LEGACY_TOKEN = "legacy-verification-token"  # Slack still sends it; Bolt ignores it


def signed_headers(
    body: str, content_type: str = FORM, *, timestamp: int | None = None, secret: str = SECRET
) -> dict[str, str]:
    """The headers Slack sends: its timestamp and `v0=` signature over `v0:{ts}:{body}`.
    Bolt checks the timestamp against the wall clock, so it is the real time by default."""
    stamp = int(time.time()) if timestamp is None else timestamp
    now = datetime.fromtimestamp(stamp, UTC)
    return sign(body, secret=secret, now=now, content_type=content_type)


def slash_body(
    command: str,
    text: str,
    *,
    user: str,
    channel: str,
    response_url: str,
    team: str,
    trigger_id: str,
) -> str:
    """The form Slack posts for a slash command."""
    return urlencode(
        {
            "token": LEGACY_TOKEN,
            "team_id": team,
            "team_domain": "sandbox",
            "channel_id": channel,
            "channel_name": "channel",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    )


def action_body(
    action_id: str,
    value: str,
    *,
    user: str,
    message: dict[str, Any],
    channel: str,
    response_url: str,
    team: str,
    trigger_id: str,
) -> str:
    """The form Slack posts when a button in `message` (as posted, with its `ts`) is pressed."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
        "api_app_id": APP_ID,
        "token": LEGACY_TOKEN,
        "container": {
            "type": "message",
            "message_ts": message.get("ts", ""),
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "trigger_id": trigger_id,
        "team": {"id": team, "domain": "sandbox"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "channel"},
        "message": message,
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_of(message, action_id),
                "text": {"type": "plain_text", "text": action_id},
                "value": value,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)})


def event_body(event: dict[str, Any], *, team: str, event_id: str) -> str:
    """The JSON Slack posts for an Events API callback wrapping `event`."""
    envelope = {
        "token": LEGACY_TOKEN,
        "team_id": team,
        "api_app_id": APP_ID,
        "event": {"event_ts": f"{time.time():.6f}", **event},
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team, "user_id": BOT_USER, "is_bot": True}],
    }
    return json.dumps(envelope)


def block_of(message: dict[str, Any], action_id: str) -> str:
    """The block_id of the actions block holding `action_id`, as Slack reports it."""
    for block in message.get("blocks", []):
        elements = block.get("elements", []) if block.get("type") == "actions" else []
        if any(element.get("action_id") == action_id for element in elements):
            return str(block.get("block_id", "actions"))
    return "actions"
