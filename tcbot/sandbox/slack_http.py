"""The HTTP side of the sandbox Slack: reads a Web API request the way Slack accepts it (form,
JSON or query string; token in the Authorization header or the body) and writes the answer."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:
    from tcbot.sandbox.slack_api import SandboxSlack


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        parsed = json.loads(raw.decode("utf-8"))
        if not isinstance(parsed, dict):
            raise ValueError("the JSON body is not an object")
        return parsed
    return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))


def handler_for(sandbox: SandboxSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                args = dict(parse_qsl(parts.query, keep_blank_values=True))
                args.update(_parse_body(raw, self.headers.get("Content-Type", "")))
            except (ValueError, UnicodeDecodeError):
                self._send(200, {}, {"ok": False, "error": "invalid_json"})
                return
            path = parts.path.strip("/")
            if path.startswith("response/"):
                status, text = sandbox.answer_response_url(path.split("/", 1)[1], args)
                self._send_text(status, text)
                return
            method = path.rsplit("/", 1)[-1]
            status, headers, body = sandbox.answer_method(method, args, self._token(args))
            if body is None:
                self.close_connection = True  # the client sees the line drop, no answer
                return
            self._send(status, headers, body)

        do_GET = do_POST  # noqa: N815 - Slack answers GET with query parameters too

        def _token(self, args: dict[str, Any]) -> str | None:
            auth = self.headers.get("Authorization", "")
            if auth.lower().startswith("bearer "):
                return auth[7:].strip()
            token = args.get("token")
            return str(token) if token else None

        def _send(self, status: int, headers: dict[str, str], body: dict[str, Any]) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _send_text(self, status: int, text: str) -> None:
            data = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # every call is in `sandbox.calls`; stderr noise would hide test output

    return Handler
