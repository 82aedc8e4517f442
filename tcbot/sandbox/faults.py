"""Faults the sandbox TimeClock server can inject, changeable while it runs.

`Faults.latency` (seconds) delays every answer; `Faults.error_rate` answers
that fraction of requests with HTTP 500, drawn from a random generator seeded
with `seed`. `Faults.add(kind)` queues one-shot faults; each request takes the
next one in order. The kinds:

    500        HTTP 500, plain-text body
    429        HTTP 429 with `Retry-After: <seconds>`
    hang       hold the connection, answering nothing, for `seconds` (0: until
               the server stops), then close it
    html       HTTP 502 with an HTML error page, as a proxy would send
    truncated  the normal answer cut to half its bytes (Content-Length matches the cut)
    rpc_error  HTTP 200 with a JSON-RPC error object (-32000, "Server error")
    wrong_id   the normal answer, for a different request id
    drop       close the connection without any response
    revoked    HTTP 401 now and for every later request, as if the key were revoked
"""

from __future__ import annotations

import random
import threading
from collections import deque
from dataclasses import dataclass, field

KINDS = ("500", "429", "hang", "html", "truncated", "rpc_error", "wrong_id", "drop", "revoked")


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str
    seconds: float = 0.0  # Retry-After for "429"; how long "hang" holds on


@dataclass(slots=True)
class Faults:
    latency: float = 0.0
    error_rate: float = 0.0
    seed: int = 0
    revoked: bool = False
    _queue: deque[Fault] = field(default_factory=deque, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._rng.seed(self.seed)

    def add(self, kind: str, *, seconds: float = 0.0, times: int = 1) -> Faults:
        """Queue `times` faults of `kind` for the next requests (after those already queued)."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}; choose one of {', '.join(KINDS)}")
        if seconds < 0 or times < 1:
            raise ValueError("a fault needs seconds >= 0 and times >= 1")
        with self._lock:
            self._queue.extend(Fault(kind, seconds) for _ in range(times))
        return self

    def clear(self) -> None:
        """Drop queued faults, latency, error rate and a revoked key."""
        with self._lock:
            self._queue.clear()
            self.latency = 0.0
            self.error_rate = 0.0
            self.revoked = False

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def take(self) -> tuple[float, Fault | None]:
        """For one request: the delay to add, and the fault to apply (or None)."""
        with self._lock:
            if self.revoked:
                return self.latency, Fault("revoked")
            if self._queue:
                fault = self._queue.popleft()
                if fault.kind == "revoked":
                    self.revoked = True
                return self.latency, fault
            if self.error_rate > 0 and self._rng.random() < self.error_rate:
                return self.latency, Fault("500")
            return self.latency, None
