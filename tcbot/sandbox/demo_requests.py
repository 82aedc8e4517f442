"""What Slack sends the bot for the demo's people: slash-command forms, button presses, and the
signature over them. Pure functions: the demo posts them to the bot's `/slack/events`."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from tcbot.sandbox.demo_people import DemoUser

APP_ID = "A0TCBOTDEMO"
TEAM_DOMAIN = "sandbox"
FORM = "application/x-www-form-urlencoded"


def signed_headers(
    body: str, *, secret: str, now: datetime, content_type: str = FORM
) -> dict[str, str]:
    """Slack's headers for `body`: the timestamp and `v0=` HMAC-SHA256 of `v0:{ts}:{body}`."""
    stamp = str(int(now.timestamp()))
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return {
        "content-type": content_type,
        "x-slack-request-timestamp": stamp,
        "x-slack-signature": f"v0={digest.hexdigest()}",
    }


def slash_form(
    command: str,
    text: str,
    *,
    user: DemoUser,
    team: str,
    channel: tuple[str, str],
    response_url: str,
    trigger_id: str,
) -> str:
    """The form Slack posts when `user` types `command text` in `channel` (id, name); `text`
    already has its mentions escaped."""
    return urlencode(
        {
            "team_id": team,
            "team_domain": TEAM_DOMAIN,
            "channel_id": channel[0],
            "channel_name": channel[1],
            "user_id": user.slack_id,
            "user_name": user.handle,
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    )


def block_actions_form(
    message: dict[str, Any],
    button: dict[str, Any],
    *,
    user: DemoUser,
    team: str,
    response_url: str,
    trigger_id: str,
    now: datetime,
) -> str:
    """The form Slack posts when `user` presses `button` of `message` (as the sandbox Slack
    holds it: with its `channel` and `ts`)."""
    block_id = next(
        (
            str(block.get("block_id", ""))
            for block in message.get("blocks", [])
            if block.get("type") == "actions" and button in block.get("elements", [])
        ),
        "",
    )
    channel = str(message["channel"])
    payload = {
        "type": "block_actions",
        "user": {"id": user.slack_id, "username": user.handle, "name": user.handle},
        "api_app_id": APP_ID,
        "team": {"id": team, "domain": TEAM_DOMAIN},
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "channel": {"id": channel, "name": channel},
        "message": {key: value for key, value in message.items() if key != "channel"},
        "state": {"values": {}},
        "response_url": response_url,
        "trigger_id": trigger_id,
        "actions": [
            {
                "action_id": button["action_id"],
                "block_id": block_id,
                "text": button.get("text", {}),
                "value": button.get("value", ""),
                "type": "button",
                "action_ts": f"{now.timestamp():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)})


def ack_messages(body: str) -> list[dict[str, Any]]:
    """The acknowledgement's own words (`/tcbot scan` says it is working) as a message; none
    for an empty acknowledgement."""
    if not body.strip():
        return []
    try:
        parsed = json.loads(body)
    except ValueError:
        return [{"text": body}]
    if isinstance(parsed, dict) and (parsed.get("text") or parsed.get("blocks")):
        return [parsed]
    return []
