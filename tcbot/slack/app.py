"""The Bolt app: `build_app(...)` wires tcbot's listeners to the services they call.

Listeners live in `tcbot.slack.listeners`, one module per command, action or
event, each with `register(app, services)`. They acknowledge first, then call
into `tcbot.attendance`, `tcbot.alerts` and the store; none holds business logic.

Acknowledging never waits for slow work: `process_before_response=True` makes Bolt run each
listener's ack function in the thread that received the request, and the slow part is a lazy
listener that Bolt starts on `listener_executor` after the ack function returns. (With
`process_before_response=False` Bolt runs the ack function itself on that executor and holds
the HTTP response until it calls `ack()`, so under load acks queued behind TimeClock calls.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
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
# Threads for the slow half of listeners (lazy listeners). Work beyond this queues, delaying
# answers but never acknowledgements. Few, because that half is partly CPU (parsing TimeClock's
# replies) and shares the GIL with the threads that acknowledge: in the Slack benchmark (200
# /hours from 50 senders) ack p99 was about 1.4-2.5 s with 4 threads, 2.3-3.2 s with 16.
# TODO: with TimeClock slow (1 s a call), 50 /hours at once take ~25 s for the last answer on
# 4 threads; matters when many people ask during an outage. A separate answering process
# would lift the trade-off.
LISTENER_THREADS = 4


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


class _RedactRefusedBody(logging.Filter):
    """Bolt logs a request that fails verification with its whole body: Slack's verification
    token, the response_url (which can post to the channel) and what the person typed. The
    operator needs only that it was refused."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "Invalid request signature" in str(record.msg):
            record.msg = "refused a request whose Slack signature did not verify status=401"
            record.args = ()
        return True


logging.getLogger("slack_bolt.RequestVerification").addFilter(_RedactRefusedBody())


def build_app(
    services: Services,
    *,
    client: WebClient,
    signing_secret: str | None,
    verify_token: bool = True,
    executor: Executor | None = None,
) -> App:
    """The Bolt app. `signing_secret` is required in HTTP mode; socket mode passes None.
    `executor` runs the listeners' slow work (default: `LISTENER_THREADS` threads)."""
    from tcbot.slack.listeners import register_all

    if executor is None:
        executor = ThreadPoolExecutor(
            max_workers=LISTENER_THREADS, thread_name_prefix="tcbot-listener"
        )
    app = App(
        client=client,
        signing_secret=signing_secret or "",
        request_verification_enabled=signing_secret is not None,
        token_verification_enabled=verify_token,
        process_before_response=True,
        listener_executor=executor,
    )
    register_all(app, services)
    return app
