"""`/whosin [team]`: acknowledge at once, then answer privately through response_url."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from tcbot.slack.answers import answer_whosin
from tcbot.slack.listeners.background import acknowledge, in_background

if TYPE_CHECKING:
    from tcbot.slack.app import Services


def register(app: App, services: Services) -> None:
    def whosin_command(command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        answer = answer_whosin(
            command.get("text", ""), asker_id=command["user_id"], services=services, client=client
        )
        respond(**answer, response_type="ephemeral")

    app.command("/whosin")(ack=acknowledge, lazy=[in_background(whosin_command)])
