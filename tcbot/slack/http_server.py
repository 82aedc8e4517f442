"""HTTP mode: Bolt's WSGI adapter on waitress, one process with a thread pool.

    server = serve_http(app, host="0.0.0.0", port=3000, threads=16)
    ...                      # POST /slack/events (signed by Slack), GET /health
    server.stop()

Bolt checks every request's signature (a stale or altered one gets 401 and runs nothing).
Two things are refused here first, because Bolt would crash on them rather than refuse them:
signature headers it cannot even compare (a timestamp that is not a number: 401) and a body
that is not UTF-8 (400). Both answer at once, run nothing and send nothing. A body Bolt cannot
parse (JSON that is not an object) gets 400 too, rather than waitress's 500 and traceback.
waitress rather than `app.start()`: Bolt's own server handles one request at a time and
drops connections under load (see the issue's measurements); the scheduler still needs a
single process, so concurrency comes from threads.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress import wasyncore
from waitress.server import BaseWSGIServer, create_server
from waitress.trigger import trigger

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"
DEFAULT_THREADS = 16
STOP_WAIT_S = 5.0
# Slack's timestamp is Unix seconds. Digits only, and few: Python's int() also reads " 1",
# "+1", "1_0" and other scripts' digits, and refuses more than 4,300 digits with ValueError.
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


def wsgi_app(app: App) -> Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]:
    """The WSGI application: `GET /health` answered here, everything else by Bolt's adapter
    (which serves `POST /slack/events` and answers 404 otherwise)."""
    bolt = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in (
            "GET",
            "HEAD",
        ):
            body = json.dumps({"ok": True}).encode()
            start_response(
                "200 OK",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        if environ.get("PATH_INFO") == EVENTS_PATH and environ.get("REQUEST_METHOD") == "POST":
            refused = _refusal(environ)
            if refused is not None:
                status, message = refused
                return _plain(start_response, status, message)
        try:
            return bolt(environ, start_response)
        except Exception as error:  # noqa: BLE001 - see below
            # Bolt's dispatch catches its own errors; what escapes is its parsing of the body
            # (JSON that does not parse, or is not an object), before any signature check.
            logger.info("refused an unreadable request status=400 error=%s", type(error).__name__)
            return _plain(
                start_response, "400 Bad Request", "the request body is not a Slack payload"
            )

    return application


def _refusal(environ: WSGIEnvironment) -> tuple[str, str] | None:
    """Why a POST to the events path is refused before Bolt sees it, or None. Reads the body
    and puts it back in `environ` as a fresh stream for Bolt."""
    stamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
    if (stamp is not None and not _TIMESTAMP.fullmatch(stamp)) or not signature.isascii():
        # Bolt's verifier would raise on either (int() and hmac.compare_digest); its error
        # path would then treat the request as genuine.
        logger.info("refused a request with malformed signature headers status=401")
        return "401 Unauthorized", "invalid request"
    length = int(environ.get("CONTENT_LENGTH") or 0)  # waitress has checked it is a number
    raw = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(raw)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        logger.info("refused a request whose body is not UTF-8 status=400 bytes=%d", len(raw))
        return "400 Bad Request", "the request body must be UTF-8 text"
    return None


def _plain(start_response: StartResponse, status: str, message: str) -> Iterable[bytes]:
    body = message.encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


class HttpServer:
    """A running waitress server in a daemon thread. `stop()` closes the listening socket and
    open connections, then waits (boundedly) for the worker threads."""

    def __init__(self, server: Any, host: str) -> None:
        self._server = server
        # One address gives a TcpWSGIServer; a name like "localhost" may give several.
        self._map: dict[int, Any] = server.map if hasattr(server, "map") else server._map
        self._trigger = next(ch for ch in self._map.values() if isinstance(ch, trigger))
        if hasattr(server, "effective_port"):
            self.port = int(server.effective_port)
        else:
            self.port = int(server.effective_listen[0][1])
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{self.port}"
        self._thread = threading.Thread(target=server.run, name="tcbot-http", daemon=True)
        self._stopped = False

    def start(self) -> HttpServer:
        self._thread.start()
        logger.info("http mode listening url=%s events=%s", self.url, EVENTS_PATH)
        return self

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        # Close every channel from inside the event loop, whose thread owns them; the loop
        # ends when nothing is left to watch.
        self._trigger.pull_trigger(self._close_all)
        self._thread.join(timeout=STOP_WAIT_S)
        self._server.task_dispatcher.shutdown(timeout=STOP_WAIT_S)
        # Only now that no worker can pull it: closing the trigger's pipe earlier let a worker
        # finishing a request write to a closed (or already reused) file descriptor.
        self._trigger.close()
        logger.info("http mode stopped url=%s", self.url)

    def _close_all(self) -> None:
        for channel in list(self._map.values()):
            if channel is self._trigger:
                channel.del_channel()  # out of the loop's map; its pipe stays open for now
            elif isinstance(channel, BaseWSGIServer):
                # A listening socket; waitress's own close() would close the trigger with it.
                wasyncore.dispatcher.close(channel)
            else:
                channel.close()

    def __enter__(self) -> HttpServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# Python hands the interpreter lock to a waiting thread only every "switch interval" (5 ms by
# default); with a poll and answers parsing on other threads, an acknowledgement waits several
# such turns per step. 1 ms costs the CPU-bound threads a little throughput and keeps acks
# well inside Slack's 3 seconds (the load test: 200 commands during a 10,000-person poll).
SWITCH_INTERVAL_S = 0.001


def _favour_short_requests() -> None:
    if sys.getswitchinterval() > SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)


def serve_http(
    app: App, *, host: str = "127.0.0.1", port: int = 3000, threads: int = DEFAULT_THREADS
) -> HttpServer:
    """Serve `app` on host:port (0 picks a free port; read it back from `.port`)."""
    _favour_short_requests()
    server = create_server(
        wsgi_app(app),
        host=host,
        port=port,
        threads=threads,
        ident="tcbot",
        clear_untrusted_proxy_headers=True,
    )
    return HttpServer(server, host).start()
