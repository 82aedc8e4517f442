"""The alert buttons (block_actions `alert_ack`, `alert_remind`, `alert_snooze`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tcbot.slack import buttons, home
from tcbot.slack.listeners.background import acknowledge, in_background

if TYPE_CHECKING:
    from slack_bolt import App, Respond
    from slack_sdk import WebClient

    from tcbot.slack.app import Services


def register(app: App, services: Services) -> None:
    def on_press(
        body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        now = services.clock()
        press = buttons.press_from(body, action)
        outcome = buttons.press(press, services=services, client=client, now=now)

        def reply(shown: dict[str, Any]) -> None:
            respond(**shown, response_type="ephemeral", replace_original=False)

        buttons.show(press, outcome, client=client, reply=reply)
        if press.channel is None and outcome.changed:  # pressed on the App Home
            home.publish(press.user, services=services, client=client, now=now)

    for action_id in buttons.ACTIONS:
        app.action(action_id)(ack=acknowledge, lazy=[in_background(on_press)])
