"""A fake TimeClock 365 for the client tests: httpx.MockTransport, no sockets, no sleeping."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tcbot.timeclock.client import TimeClockClient

# Byte-for-byte copies of /work/shared/timeclock365/examples, so a clean clone can run them.
EXAMPLES = Path(__file__).parent / "examples"
TOKEN = "tc-SECRET-0123456789abcdef"
URL = "https://tc.example.test/api/v1/json-rpc"

Handler = Callable[[httpx.Request], httpx.Response]


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def rpc_id(request: httpx.Request) -> Any:
    return json.loads(request.content)["id"]


def reply(request: httpx.Request, result: object) -> httpx.Response:
    """A well-formed JSON-RPC answer to `request`."""
    return httpx.Response(200, json={"jsonrpc": "2.0", "id": rpc_id(request), "result": result})


class FakeApi:
    """Builds clients on a MockTransport and records what the client waited."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.requests: list[httpx.Request] = []
        self._clients: list[TimeClockClient] = []

    def client(self, handler: Handler, **options: Any) -> TimeClockClient:
        def recording(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return handler(request)

        options.setdefault("sleep", self.waits.append)
        options.setdefault("random", lambda: 0.5)  # jitter factor 1.0: waits are 1, 2, 4 ...
        options.setdefault("url", URL)
        options.setdefault("token", TOKEN)
        client = TimeClockClient(transport=httpx.MockTransport(recording), **options)
        self._clients.append(client)
        return client

    def sent(self) -> list[dict[str, Any]]:
        return [json.loads(request.content) for request in self.requests]

    def close(self) -> None:
        for client in self._clients:
            client.close()
