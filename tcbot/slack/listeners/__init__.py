"""Bolt listeners, one module per command, action or event.

Each module has `register(app, services)`; `register_all` calls them in order.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slack_bolt import App

    from tcbot.slack.app import Services

LISTENERS = (
    "errors",
    "hours_command",
    "whosin_command",
    "tcbot_command",
    "alert_buttons",
    "app_home",
)


def register_all(app: App, services: Services) -> None:
    for name in LISTENERS:
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(app, services)
