"""A loopback Slack Web API for tests and the demo: answers like Slack, records every call.

    with serve_slack(Workspace(users=[...], channels={"C1": "alerts"})) as slack:
        client = WebClient(token=slack.workspace.bot_token, base_url=slack.url)
        client.chat_postMessage(channel="C1", text="hi")
        slack.messages("C1")        # what the channel shows now, updates applied

Faults are set at runtime: `slack.fail("chat.postMessage", "ratelimited", times=2)` or
`slack.drop_connection("users.info")`. `slack.new_response_url()` hands out a `response_url`
whose posts land in `slack.responses`.
"""

from __future__ import annotations

import copy
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any

from tcbot.sandbox.slack_http import handler_for
from tcbot.sandbox.slack_workspace import (
    REQUIRED_SCOPES,
    SlackFailure,
    SlackState,
    Workspace,
    dm_channel_id,
)

logger = logging.getLogger(__name__)

ANY_METHOD = "*"
DROP = "connection_dropped"
RESPONSE_URL_USES = 5  # Slack accepts up to five posts to one response_url


@dataclass(frozen=True, slots=True)
class Call:
    """One Web API request as the sandbox saw it; the token is never kept."""

    method: str
    body: dict[str, Any]
    at: float
    error: str | None  # None when the call succeeded


@dataclass(frozen=True, slots=True)
class Response:
    """One post to a response_url."""

    id: str
    body: dict[str, Any]
    at: float


@dataclass(slots=True)
class _Fault:
    error: str
    remaining: int
    retry_after: int


class SandboxSlack:
    """A running sandbox Slack. Thread-safe: the bot's threads and the test read it at once."""

    def __init__(self, workspace: Workspace, *, clock: Callable[[], float] = time.time) -> None:
        self.workspace = workspace
        self._clock = clock
        self._lock = threading.Lock()
        self._state = SlackState(workspace, clock=clock)
        self._calls: list[Call] = []
        self._responses: list[Response] = []
        self._response_uses: dict[str, int] = {}
        self._response_ids = itertools.count(1)
        self._faults: dict[str, list[_Fault]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> SandboxSlack:
        server = ThreadingHTTPServer((host, port), handler_for(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="sandbox-slack", daemon=True
        )
        self._thread.start()
        logger.info("sandbox slack serving url=%s", self.url)
        return self

    @property
    def url(self) -> str:
        """Base URL ending in "/", for `WebClient(base_url=...)` and SLACK_API_URL."""
        if self._server is None:
            raise RuntimeError("the sandbox Slack is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> SandboxSlack:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- faults --------------------------------------------------------------------------

    def fail(self, method: str, error: str, *, times: int = 1, retry_after: int = 1) -> None:
        """The next `times` calls to `method` ("*" for any) answer `error`. `ratelimited` is
        HTTP 429 with Retry-After, `internal_error` HTTP 500, anything else 200 ok=false."""
        with self._lock:
            self._faults.setdefault(method, []).append(_Fault(error, times, retry_after))

    def drop_connection(self, method: str, *, times: int = 1) -> None:
        """The next `times` calls to `method` get their connection closed with no answer."""
        self.fail(method, DROP, times=times)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _take_fault(self, method: str) -> _Fault | None:
        with self._lock:
            for key in (method, ANY_METHOD):
                queue = self._faults.get(key, [])
                if queue:
                    fault = queue[0]
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        queue.pop(0)
                    return fault
        return None

    # -- what happened -------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Each posted message as it reads now (updates applied), in posting order."""
        with self._lock:
            found = [
                copy.deepcopy(message)
                for (where, _ts), message in self._state.messages.items()
                if channel is None or where == channel
            ]
        return found

    def ephemerals(self, channel: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [
                copy.deepcopy(m)
                for m in self._state.ephemerals
                if channel is None or m["channel"] == channel
            ]

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The App Home last published for `user_id`."""
        with self._lock:
            return copy.deepcopy(self._state.home_views.get(user_id))

    def dm_channel(self, user_id: str) -> str:
        """The DM channel id `conversations.open` gives for `user_id`."""
        return dm_channel_id(user_id)

    # -- response_url --------------------------------------------------------------------

    def new_response_url(self) -> str:
        with self._lock:
            response_id = f"R{next(self._response_ids):04d}"
            self._response_uses[response_id] = 0
        return f"{self.url}response/{response_id}"

    @property
    def responses(self) -> list[Response]:
        with self._lock:
            return list(self._responses)

    # -- answering (called from the server's threads) ------------------------------------

    def answer_method(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, str], dict[str, Any] | None]:
        """HTTP status, headers and JSON body for one call; body None means drop the line."""
        fault = self._take_fault(method)
        if fault is not None:
            self._record(method, args, fault.error)
            return _fault_answer(fault)
        if not token:
            self._record(method, args, "not_authed")
            return 200, {}, {"ok": False, "error": "not_authed"}
        if token != self.workspace.bot_token:
            self._record(method, args, "invalid_auth")
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        headers = {"x-oauth-scopes": ",".join(self.workspace.scopes)}
        if method in REQUIRED_SCOPES:
            headers["x-accepted-oauth-scopes"] = REQUIRED_SCOPES[method]
        with self._lock:
            try:
                reply = {"ok": True, **self._state.call(method, args)}
                error = None
            except SlackFailure as failure:
                reply = {"ok": False, "error": failure.error, **failure.extra}
                error = failure.error
            self._calls.append(Call(method, _without_token(args), self._clock(), error))
        status = 404 if error == "unknown_method" else 200
        return status, headers, reply

    def answer_response_url(self, response_id: str, body: dict[str, Any]) -> tuple[int, str]:
        with self._lock:
            uses = self._response_uses.get(response_id)
            if uses is None:
                return 404, "no_such_response_url"
            if uses >= RESPONSE_URL_USES:
                return 404, "used_url"
            self._response_uses[response_id] = uses + 1
            self._responses.append(Response(response_id, body, self._clock()))
        return 200, "ok"

    def _record(self, method: str, args: dict[str, Any], error: str | None) -> None:
        with self._lock:
            self._calls.append(Call(method, _without_token(args), self._clock(), error))


def serve_slack(
    workspace: Workspace,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    clock: Callable[[], float] = time.time,
) -> SandboxSlack:
    """Start a sandbox Slack on loopback (port 0: any free port); use it as a context manager."""
    return SandboxSlack(workspace, clock=clock).start(host, port)


def _fault_answer(fault: _Fault) -> tuple[int, dict[str, str], dict[str, Any] | None]:
    if fault.error == DROP:
        return 0, {}, None
    body = {"ok": False, "error": fault.error}
    if fault.error == "ratelimited":
        return 429, {"Retry-After": str(fault.retry_after)}, body
    if fault.error == "internal_error":
        return 500, {}, body
    return 200, {}, body


def _without_token(args: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in args.items() if k != "token"}
