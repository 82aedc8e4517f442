"""A local stand-in for the TimeClock 365 JSON-RPC API, serving a sandbox `Company`.

`serve_timeclock(company)` listens on 127.0.0.1 at `/api/v1/json-rpc` in a
daemon thread and answers `sessions`, `lunches`, `timesheet` and
`extended-sessions` in the vendor's shapes (see `tcbot.sandbox.render`).

- Authentication: `Authorization: Bearer <token>`. Missing or wrong gets HTTP
  401, header `WWW-Authenticate: Bearer`, body
  `{"error":{"code":401,"message":"Unauthorized: invalid or missing API key"}}`.
- JSON-RPC errors come with HTTP 200, as JSON-RPC 2.0 does: -32700 parse
  error, -32600 invalid request (not one object - batches are not supported -,
  `jsonrpc` not "2.0", no method, an id that is not a string, number or null),
  -32601 unknown method, -32602 bad params (missing, malformed or impossible
  dates, or endDate before startDate). The `data` member says what was wrong.
  A request without `id` is answered with `id: null` rather than as a notification.
- Other paths get 404; other HTTP methods on the endpoint get 405.
- Faults (latency, error rate, one-shot faults) are described in `tcbot.sandbox.faults`.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import socket
import threading
import time
from collections import Counter
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from tcbot.sandbox.company import Company
from tcbot.sandbox.faults import Fault, Faults
from tcbot.sandbox.render import METHODS, render_reply

logger = logging.getLogger(__name__)

ENDPOINT = "/api/v1/json-rpc"
MAX_BODY = 1 << 20
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
UNAUTHORIZED = b'{"error":{"code":401,"message":"Unauthorized: invalid or missing API key"}}'
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
    b"<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>\n"
)


class _RpcError(Exception):
    def __init__(self, code: int, message: str, data: str | None, request_id: object) -> None:
        super().__init__(message)
        self.reply = {
            "jsonrpc": "2.0",
            "error": {"code": code, "message": message, "data": data},
            "id": request_id,
        }


def answer_rpc(company: Company, raw: bytes, *, wrong_id: bool = False) -> bytes:
    """The HTTP 200 body for one JSON-RPC request body: a result or an error object."""
    try:
        method, first, last, request_id = _read_request(raw)
    except _RpcError as error:
        return json.dumps(error.reply, separators=(",", ":")).encode()
    if wrong_id:
        request_id = request_id + 1000 if isinstance(request_id, int) else f"{request_id}-other"
    return render_reply(company, method, first, last, request_id)


def _read_request(raw: bytes) -> tuple[str, date, date, object]:
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _RpcError(-32700, "Parse error", "the body is not JSON", None) from None
    if not isinstance(payload, dict):
        raise _RpcError(-32600, "Invalid Request", "send one JSON object", None)
    request_id = payload.get("id")
    if isinstance(request_id, bool) or not isinstance(request_id, str | int | float | None):
        raise _RpcError(-32600, "Invalid Request", "id must be a string, number or null", None)
    if payload.get("jsonrpc") != "2.0":
        raise _RpcError(-32600, "Invalid Request", 'jsonrpc must be "2.0"', request_id)
    method = payload.get("method")
    if not isinstance(method, str):
        raise _RpcError(-32600, "Invalid Request", "method must be a string", request_id)
    if method not in METHODS:
        raise _RpcError(-32601, "Method not found", f"no method {method!r}", request_id)
    params = payload.get("params")
    if not isinstance(params, dict):
        raise _RpcError(
            -32602, "Invalid params", "params must hold startDate and endDate", request_id
        )
    first = _date(params, "startDate", request_id)
    last = _date(params, "endDate", request_id)
    if last < first:
        problem = f"endDate {last} is before startDate {first}"
        raise _RpcError(-32602, "Invalid params", problem, request_id)
    return method, first, last, request_id


def _date(params: dict[str, object], key: str, request_id: object) -> date:
    raw = params.get(key)
    if raw is None:
        raise _RpcError(-32602, "Invalid params", f"{key} is missing", request_id)
    if not isinstance(raw, str) or not DATE.fullmatch(raw):
        problem = f"{key} {json.dumps(raw)} is not a date written YYYY-MM-DD"
        raise _RpcError(-32602, "Invalid params", problem, request_id)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problem = f"{key} {raw} is not a real date"
        raise _RpcError(-32602, "Invalid params", problem, request_id) from None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], company: Company, token: str, faults: Faults):
        self.company = company
        self.token = token
        self.faults = faults
        self.stopping = threading.Event()
        self.counts: Counter[str] = Counter()
        self.connections: set[socket.socket] = set()
        self.guard = threading.Lock()
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up mid-answer is routine here (timeouts, dropped faults).
        logger.debug("sandbox timeclock connection ended early", exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.guard:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.guard:
            self.server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("sandbox timeclock " + format, *args)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True  # the unread body would spoil the next request
            self._send(413, b'{"error":{"code":413,"message":"Request too large"}}')
            return
        raw = self.rfile.read(length)
        if self.path != ENDPOINT:
            self._send(404, b'{"error":{"code":404,"message":"Not found"}}')
            return
        self._count(raw)
        delay, fault = self.server.faults.take()
        if delay > 0 and self.server.stopping.wait(delay):
            self.close_connection = True
            return
        if fault is not None and self._fail(fault):
            return
        if not self._authorized():
            self._send(401, UNAUTHORIZED, extra={"WWW-Authenticate": "Bearer"})
            return
        started = time.perf_counter()
        # TODO: replies are built whole in memory (about twice the body: the 10,000-employee
        # two-week timesheet is 62 MB); stream them chunked if benchmarks grow past that.
        kind = fault.kind if fault is not None else ""
        body = answer_rpc(self.server.company, raw, wrong_id=kind == "wrong_id")
        if kind == "truncated":
            body = body[: len(body) // 2]
        self._send(200, body)
        logger.debug("sandbox timeclock answered bytes=%d ms=%.0f", len(body), _ms(started))

    def do_GET(self) -> None:
        self.close_connection = True  # any body it came with is left unread
        self._send(405, b'{"error":{"code":405,"message":"Use POST"}}', extra={"Allow": "POST"})

    do_PUT = do_DELETE = do_PATCH = do_GET

    def _count(self, raw: bytes) -> None:
        try:
            payload = json.loads(raw)
            method = payload.get("method") if isinstance(payload, dict) else None
        except (ValueError, UnicodeDecodeError):
            method = None
        with self.server.guard:
            self.server.counts[method if isinstance(method, str) else "<invalid>"] += 1

    def _authorized(self) -> bool:
        given = self.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {self.server.token}".encode())

    def _fail(self, fault: Fault) -> bool:
        """Apply a fault that replaces the answer; False for those that alter it."""
        if fault.kind == "revoked":
            self._send(401, UNAUTHORIZED, extra={"WWW-Authenticate": "Bearer"})
        elif fault.kind == "500":
            self._send(500, b"Internal Server Error", content_type="text/plain")
        elif fault.kind == "429":
            retry = {"Retry-After": str(max(0, round(fault.seconds)))}
            self._send(429, b"Too Many Requests", content_type="text/plain", extra=retry)
        elif fault.kind == "html":
            self._send(502, HTML_PAGE, content_type="text/html; charset=utf-8")
        elif fault.kind == "rpc_error":
            body = b'{"jsonrpc":"2.0","error":{"code":-32000,"message":"Server error"},"id":null}'
            self._send(200, body)
        elif fault.kind in ("hang", "drop"):
            if fault.kind == "hang":
                self.server.stopping.wait(fault.seconds if fault.seconds > 0 else None)
            self.close_connection = True
        else:
            return False
        return True

    def _send(
        self,
        status: int,
        body: bytes,
        *,
        content_type: str = "application/json",
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


class SandboxServer:
    """A running sandbox TimeClock; stop it with `stop()` or use it as a context manager."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        host, self.port = str(server.server_address[0]), int(server.server_address[1])
        self.url = f"http://{host}:{self.port}{ENDPOINT}"
        self.faults = server.faults
        self.company = server.company

    @property
    def requests(self) -> Counter[str]:
        """How many requests arrived, by JSON-RPC method (`<invalid>` when unreadable)."""
        with self._server.guard:
            return Counter(self._server.counts)

    def stop(self) -> None:
        """Stop listening and cut open connections, hung ones included."""
        server = self._server
        server.stopping.set()
        server.shutdown()
        with server.guard:
            open_connections = list(server.connections)
        for connection in open_connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by its client
        server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SandboxServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def serve_timeclock(
    company: Company,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    token: str = "sandbox-token",
    faults: Faults | None = None,
) -> SandboxServer:
    """Serve `company` on host:port (0 picks a free port) in a daemon thread."""
    server = _Server((host, port), company, token, faults if faults is not None else Faults())
    running = SandboxServer(server)
    logger.info("sandbox timeclock serving url=%s employees=%d", running.url, len(company.people))
    return running
