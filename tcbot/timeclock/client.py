"""The TimeClock 365 JSON-RPC client: chunked date ranges, bounded retries, typed errors.

Every failure leaves as a TimeClockError subclass (tcbot/errors.py). The API token is
sent in the Authorization header and nowhere else: not in logs, messages or reprs.
"""

from __future__ import annotations

import itertools
import json
import logging
import random as random_module
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from tcbot.errors import TimeClockAuthError, TimeClockReplyError, TimeClockUnavailable
from tcbot.timeclock.parse import METHODS, parse_reply
from tcbot.timeclock.records import Attendance, Skipped
from tcbot.timeclock.replies import describe_rpc_error, not_json, retry_after, too_big

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_RETRY_BUDGET = 60.0  # background work (polls, scans) can afford to wait out a blip
# For someone waiting on an answer (a command, a Slack reply): give up and say so sooner.
INTERACTIVE_RETRY_BUDGET = 10.0
_RETRYABLE = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_BACKOFF_FIRST = 1.0  # seconds before the first retry, doubled each time
_BACKOFF_CAP = 30.0
# Shorter tokens are not masked in error texts: replacing them would mangle ordinary words
# ("x" in "text/html"), and a real TimeClock key is far longer.
_MASKED_TOKEN_MIN = 8
# The largest reply read; a larger one is refused (TimeClockReplyError) as it streams in,
# before it is held whole. The sandbox's 10,000-employee, 31-day `timesheet` chunk is ~140 MB
# and parsing takes several times a reply's size in memory, so this stops a runaway reply
# well before it could take the process down, not a real company's month.
MAX_REPLY_BYTES = 256 * 2**20
# Methods whose zones help read lunches without one go first (see parse._Reader.lunch_zone).
_ORDER = {"sessions": 0, "timesheet": 0, "extended-sessions": 0, "lunches": 1}


@dataclass(slots=True)
class _Budget:
    """Seconds of retrying left for one public call, shared by all its requests."""

    left: float


@dataclass(frozen=True, slots=True)
class _Failure:
    """A failed attempt that may be retried."""

    problem: str
    retry_after: float | None = None


@dataclass(frozen=True, slots=True)
class _Reply:
    """A successful attempt: the JSON-RPC `result`, not yet parsed."""

    result: object


class TimeClockClient:
    """Reads attendance from TimeClock 365. One instance holds one connection pool.

    Each public call (`fetch` and the four methods) may spend at most `retry_budget`
    seconds waiting between retries and on failed attempts, across all its chunks
    (pass INTERACTIVE_RETRY_BUDGET where a person is waiting for the answer);
    `call_count` counts every HTTP request made, retries included.
    """

    def __init__(
        self,
        *,
        url: str,
        token: str,
        timeout: httpx.Timeout | None = None,
        transport: httpx.BaseTransport | None = None,
        chunk_days: int = 31,
        retry_budget: float = DEFAULT_RETRY_BUDGET,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = random_module.random,
        first_id: int = 1,
        max_reply_bytes: int = MAX_REPLY_BYTES,
    ) -> None:
        if chunk_days < 1:
            raise ValueError(f"chunk_days must be at least 1, not {chunk_days}")
        self.url = url
        self.call_count = 0
        self._count_lock = threading.Lock()
        self._host = urlsplit(url).hostname or "the TimeClock 365 API"
        self._token = token
        self._chunk_days = chunk_days
        self._max_reply_bytes = max_reply_bytes
        self._retry_budget = retry_budget
        self._sleep = sleep
        self._random = random
        self._ids: Iterator[int] = itertools.count(first_id)
        self._http = httpx.Client(
            timeout=timeout or DEFAULT_TIMEOUT,
            transport=transport,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )

    def __repr__(self) -> str:
        return f"TimeClockClient(url={self.url!r}, calls={self.call_count})"

    def __enter__(self) -> TimeClockClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- the four methods ------------------------------------------------------------

    def sessions(self, start: date, end: date) -> Attendance:
        return self.fetch(["sessions"], start, end)

    def lunches(self, start: date, end: date) -> Attendance:
        return self.fetch(["lunches"], start, end)

    def timesheet(self, start: date, end: date) -> Attendance:
        return self.fetch(["timesheet"], start, end)

    def extended_sessions(self, start: date, end: date) -> Attendance:
        return self.fetch(["extended-sessions"], start, end)

    def fetch(self, methods: Sequence[str], start: date, end: date) -> Attendance:
        """Several methods over `start`..`end` (both days included), merged into one Attendance."""
        unknown = [method for method in methods if method not in METHODS]
        if unknown:
            raise ValueError(f"unknown TimeClock methods {unknown}; expected some of {METHODS}")
        if start > end:
            raise ValueError(f"start {start} is after end {end}")

        attendance = Attendance()
        budget = _Budget(left=self._retry_budget)
        ordered = sorted(dict.fromkeys(methods), key=lambda name: _ORDER[name])
        skipped: dict[str, list[Skipped]] = {method: [] for method in ordered}
        for chunk_start, chunk_end in chunks(start, end, self._chunk_days):
            # The methods of one chunk are asked at once (a person waiting on /hours waits for
            # the slowest, not the sum); replies are read in order, since `lunches` borrows
            # the zones of the sessions read before it.
            results = self._call_all(ordered, chunk_start, chunk_end, budget)
            for method, result in zip(ordered, results, strict=True):
                zones = _session_zones(attendance) if method == "lunches" else None
                records, bad = parse_reply(method, result, default_zones=zones)
                attendance.add(records)
                skipped[method].extend(bad)
        for method in ordered:
            attendance.skipped.extend(skipped[method])
            _warn_skipped(method, skipped[method])
        return attendance

    def _call_all(
        self, methods: Sequence[str], start: date, end: date, budget: _Budget
    ) -> list[object]:
        if len(methods) == 1:
            return [self._call(methods[0], start, end, budget)]
        with ThreadPoolExecutor(max_workers=len(methods), thread_name_prefix="timeclock") as pool:
            futures = [pool.submit(self._call, method, start, end, budget) for method in methods]
            return [future.result() for future in futures]

    # -- one JSON-RPC call, with retries -------------------------------------------------

    def _call(self, method: str, start: date, end: date, budget: _Budget) -> object:
        attempt = 0
        budget_at_start = budget.left
        while True:
            attempt += 1
            began = time.monotonic()
            request_id = next(self._ids)
            outcome = self._attempt(method, start, end, request_id)
            if isinstance(outcome, _Reply):
                return outcome.result
            failure = outcome
            budget.left -= time.monotonic() - began
            wait = self._backoff(attempt) if failure.retry_after is None else failure.retry_after
            if wait > budget.left:
                raise TimeClockUnavailable(
                    method,
                    f"{failure.problem}; gave up after {attempt} attempt(s)"
                    f" in {budget_at_start - budget.left:.0f} s."
                    " TimeClock 365 may be down or overloaded: try again in a few minutes",
                    retry_after=failure.retry_after,
                )
            logger.warning(
                "timeclock call failed method=%s start=%s end=%s attempt=%d problem=%r;"
                " will retry in %.1f s",
                method,
                start,
                end,
                attempt,
                failure.problem,
                wait,
            )
            self._sleep(wait)
            budget.left -= wait

    def _attempt(self, method: str, start: date, end: date, request_id: int) -> _Reply | _Failure:
        payload = {
            "jsonrpc": "2.0",
            "method": method,
            "params": {"startDate": start.isoformat(), "endDate": end.isoformat()},
            "id": request_id,
        }
        began = time.monotonic()
        with self._count_lock:
            self.call_count += 1
        status = "-"
        try:
            response = self._post(method, payload)
            status = str(response.status_code)
        except _RETRYABLE as error:
            status = type(error).__name__
            return _Failure(f"no answer from {self._host} ({type(error).__name__})")
        except httpx.HTTPError as error:
            status = type(error).__name__
            raise self._reply_error(
                method, f"request failed ({type(error).__name__}); check TIMECLOCK_API_URL"
            ) from None
        finally:
            logger.debug(
                "timeclock request method=%s start=%s end=%s id=%d status=%s duration_ms=%.0f",
                method,
                start,
                end,
                request_id,
                status,
                (time.monotonic() - began) * 1000,
            )
        return self._read(method, response, request_id)

    def _post(self, method: str, payload: dict[str, object]) -> httpx.Response:
        """POST `payload`; the reply read whole, unless it grows past `max_reply_bytes`."""
        limit = self._max_reply_bytes
        with self._http.stream("POST", self.url, json=payload) as streamed:
            declared = streamed.headers.get("Content-Length", "")
            body = bytearray()
            if declared.isdigit() and int(declared) > limit:
                raise self._reply_error(method, too_big(int(declared), limit))
            for chunk in streamed.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise self._reply_error(method, too_big(len(body), limit))
            kept = [
                (name, value)
                for name, value in streamed.headers.multi_items()
                if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
            ]
            return httpx.Response(
                streamed.status_code, headers=kept, content=bytes(body), request=streamed.request
            )

    def _read(self, method: str, response: httpx.Response, request_id: int) -> _Reply | _Failure:
        code = response.status_code
        if code in (401, 403):
            raise TimeClockAuthError(
                method,
                f"the API key was refused (HTTP {code}); check TIMECLOCK_API_TOKEN and that"
                " the key is active under Integrations in TimeClock 365",
            )
        if code == 429 or code >= 500:
            what = "too many requests" if code == 429 else "server error"
            return _Failure(f"{what} (HTTP {code})", retry_after(response))
        if code >= 400:
            raise self._reply_error(method, f"HTTP {code}; check TIMECLOCK_API_URL")
        return _Reply(self._result(method, response, request_id))

    def _result(self, method: str, response: httpx.Response, request_id: int) -> object:
        text = response.content.decode("utf-8", errors="replace")
        try:
            reply = json.loads(text)
        except json.JSONDecodeError as error:
            raise self._reply_error(method, not_json(text, error, response)) from None
        if not isinstance(reply, dict):
            raise self._reply_error(method, "the reply is not a JSON-RPC object")
        rpc_error = reply.get("error")
        if rpc_error is not None:
            raise self._reply_error(method, f"JSON-RPC error {describe_rpc_error(rpc_error)}")
        if reply.get("id") != request_id:
            raise self._reply_error(
                method,
                f"the reply's id {reply.get('id')!r} does not match the request's {request_id}",
            )
        if "result" not in reply:
            raise self._reply_error(method, "the reply has neither `result` nor `error`")
        return reply["result"]

    def _reply_error(self, method: str, problem: str) -> TimeClockReplyError:
        # The server may echo the request back at us; the token must not travel on.
        if len(self._token) >= _MASKED_TOKEN_MIN:
            problem = problem.replace(self._token, "[token]")
        return TimeClockReplyError(method, problem)

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: the nominal delay times 0.5 to 1.5."""
        nominal = min(_BACKOFF_CAP, _BACKOFF_FIRST * 2 ** (attempt - 1))
        return round(nominal * (0.5 + self._random()), 3)


def chunks(start: date, end: date, days: int) -> list[tuple[date, date]]:
    """`start`..`end` (inclusive) cut into consecutive inclusive ranges of at most `days` days."""
    ranges: list[tuple[date, date]] = []
    while start <= end:
        last = min(end, start + timedelta(days=days - 1))
        ranges.append((start, last))
        start = last + timedelta(days=1)
    return ranges


def _warn_skipped(method: str, skipped: Sequence[Skipped]) -> None:
    """One line per method and call, however many records were unreadable.

    A reason names the record's place and the bad field's value, never the employee.
    """
    if skipped:
        logger.warning(
            "timeclock reply had unreadable records method=%s skipped=%d first=%s",
            method,
            len(skipped),
            json.dumps(skipped[0].reason, ensure_ascii=False),
        )


def _session_zones(attendance: Attendance) -> dict[str, str]:
    return {number: found[0].timezone for number, found in attendance.sessions.items() if found}
