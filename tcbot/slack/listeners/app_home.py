"""The App Home tab (`app_home_opened`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tcbot.slack import home
from tcbot.slack.listeners.background import acknowledge, in_background

if TYPE_CHECKING:
    from slack_bolt import App
    from slack_sdk import WebClient

    from tcbot.slack.app import Services


def register(app: App, services: Services) -> None:
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return  # the Messages tab needs nothing from us
        home.publish(event["user"], services=services, client=client, now=services.clock())

    app.event("app_home_opened")(ack=acknowledge, lazy=[in_background(on_home_opened)])
