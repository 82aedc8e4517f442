"""Reading what TimeClock 365 sent back when it is not a good reply: a wait it asks for, a body
too big, a body that is not JSON, a JSON-RPC error. Each gives a short text fit to show."""

from __future__ import annotations

import json

import httpx


def retry_after(response: httpx.Response) -> float | None:
    # TODO: Retry-After as an HTTP date is read as absent (backoff is used instead);
    # it matters only if TimeClock starts sending dates, which needs `now` passed in here.
    raw = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None


def too_big(size: int, limit: int) -> str:
    return (
        f"the reply is over {limit // 2**20} MB (at least {size // 2**20} MB), more than tcbot"
        " reads at once; ask for fewer days at a time (a shorter period)"
    )


def not_json(text: str, error: json.JSONDecodeError, response: httpx.Response) -> str:
    stripped = text.strip()
    kind = response.headers.get("Content-Type", "no content type").split(";")[0]
    if stripped.startswith("<"):
        return (
            f"the reply is an HTML page, not JSON (HTTP {response.status_code}, {kind});"
            " check TIMECLOCK_API_URL points at the JSON-RPC endpoint"
        )
    if not stripped:
        return f"the reply is empty (HTTP {response.status_code})"
    # A body cut inside a string reads as "Unterminated string" at the string's start.
    if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
        return f"the reply was cut off after {len(response.content)} bytes (truncated JSON)"
    return f"the reply is not valid JSON ({error.msg.removesuffix(' at')} at byte {error.pos})"


def describe_rpc_error(raw: object) -> str:
    if not isinstance(raw, dict):
        return "(malformed error object)"
    code, message = raw.get("code"), raw.get("message")
    text = str(message)[:120] if isinstance(message, str) else "no message"
    return f"{code}: {text}" if isinstance(code, int) else text
