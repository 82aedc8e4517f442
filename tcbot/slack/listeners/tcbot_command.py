"""`/tcbot help | status | link | rules | scan`: the acknowledgement may say "working on it"
(it reads only the policy), then the answer comes privately through response_url."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tcbot.slack import admin
from tcbot.slack.listeners.background import in_background

if TYPE_CHECKING:
    from slack_bolt import Ack, App, Respond

    from tcbot.slack.app import Services


def register(app: App, services: Services) -> None:
    def first_reply(ack: Ack, command: dict[str, Any]) -> None:
        text, user = command.get("text", ""), command["user_id"]
        ack(admin.first_reply(text, user=user, services=services) or "")

    def on_tcbot(command: dict[str, Any], respond: Respond) -> None:
        text, user = command.get("text", ""), command["user_id"]
        answer = admin.answer(text, user=user, services=services, now=services.clock())
        respond(**answer, response_type="ephemeral")

    app.command("/tcbot")(ack=first_reply, lazy=[in_background(on_tcbot)])
