"""The Bolt app: `build_app(...)` wires tcbot's listeners to the services they call.

Listeners live in `tcbot.slack.listeners`, one module per command, action or
event, each with `register(app, services)`. They acknowledge first, then call
into `tcbot.attendance`, `tcbot.alerts` and the store; none holds business logic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from tcbot.policy.model import Policy
from tcbot.store import Store
from tcbot.timeclock.client import TimeClockClient

WEB_TIMEOUT_S = 10


@dataclass(slots=True)
class Services:
    """What listeners may use. `clock` is the only source of `now` for them."""

    policy: Policy
    store: Store
    timeclock: TimeClockClient
    clock: Callable[[], datetime]


def web_client(*, token: str, base_url: str) -> WebClient:
    """slack-sdk's client with its own retry handlers for 429 (Retry-After) and dropped
    connections, and a timeout so no Slack call can hang a job."""
    client = WebClient(token=token, base_url=base_url, timeout=WEB_TIMEOUT_S)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    client.retry_handlers.append(ConnectionErrorRetryHandler(max_retry_count=2))
    return client


class _SkipTokenNotice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that our client's token wins; it is the
    same token, so the warning would only puzzle an operator."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


logging.getLogger("slack_bolt.App").addFilter(_SkipTokenNotice())


def build_app(
    services: Services,
    *,
    client: WebClient,
    signing_secret: str | None,
    verify_token: bool = True,
) -> App:
    """The Bolt app. `signing_secret` is required in HTTP mode; socket mode passes None."""
    from tcbot.slack.listeners import register_all

    app = App(
        client=client,
        signing_secret=signing_secret or "",
        request_verification_enabled=signing_secret is not None,
        token_verification_enabled=verify_token,
        process_before_response=False,
    )
    register_all(app, services)
    return app
