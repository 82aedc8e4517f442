"""`/tcbot help | status | link | rules | scan`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tcbot.slack import admin

if TYPE_CHECKING:
    from slack_bolt import Ack, App, Respond

    from tcbot.slack.app import Services


def register(app: App, services: Services) -> None:
    @app.command("/tcbot")
    def on_tcbot(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        text, user = command.get("text", ""), command["user_id"]
        ack(admin.first_reply(text, user=user, services=services) or "")
        answer = admin.answer(text, user=user, services=services, now=services.clock())
        respond(**answer, response_type="ephemeral")
