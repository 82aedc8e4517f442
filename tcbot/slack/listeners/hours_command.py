"""`/hours [who] [period] [share]`: acknowledge at once, then answer through response_url,
privately unless the asker ended with `share`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from tcbot.slack.answers import answer_hours
from tcbot.slack.listeners.background import acknowledge, in_background

if TYPE_CHECKING:
    from tcbot.slack.app import Services


def register(app: App, services: Services) -> None:
    def hours_command(command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        answer = answer_hours(
            command.get("text", ""), asker_id=command["user_id"], services=services, client=client
        )
        respond(**{"response_type": "ephemeral", **answer})

    app.command("/hours")(ack=acknowledge, lazy=[in_background(hours_command)])
