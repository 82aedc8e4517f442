"""`tcbot sandbox timeclock`: serve the sandbox TimeClock 365 API on loopback until stopped.

An entry point: it reads the wall clock once, to date the company's records.
"""

from __future__ import annotations

import argparse
import signal
import threading
from datetime import UTC, datetime
from types import FrameType

from tcbot.errors import TcbotError
from tcbot.sandbox.company import build_company
from tcbot.sandbox.timeclock_api import serve_timeclock

DEFAULT_PORT = 8365


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="sandbox", metavar="WHAT", required=True)
    timeclock = what.add_parser(
        "timeclock",
        help="the TimeClock 365 JSON-RPC API, with a synthetic company",
        description="Serve a sandbox TimeClock 365 API on 127.0.0.1 until Ctrl-C or SIGTERM.",
    )
    timeclock.add_argument("--port", type=_port, default=DEFAULT_PORT, help="0 picks a free port")
    timeclock.add_argument("--employees", type=_positive, default=40, metavar="N")
    timeclock.add_argument("--days", type=_positive, default=14, metavar="N", help="ending today")
    timeclock.add_argument("--seed", type=int, default=7, metavar="N")
    timeclock.add_argument(
        "--token", default="sandbox-token", metavar="T", help="API key to accept"
    )


def run(args: argparse.Namespace) -> int:
    company = build_company(
        employees=args.employees, days=args.days, seed=args.seed, now=datetime.now(UTC)
    )
    try:
        server = serve_timeclock(company, port=args.port, token=args.token)
    except OSError as error:
        raise TcbotError(
            f"cannot listen on 127.0.0.1:{args.port} ({error.strerror}); pick another --port"
        ) from None
    print(f"TIMECLOCK_API_URL={server.url} TIMECLOCK_API_TOKEN={args.token}", flush=True)
    stopped = threading.Event()

    def on_term(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    # Ctrl-C and SIGTERM both end the wait; a timed wait keeps the handlers responsive.
    previous = {sig: signal.signal(sig, on_term) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopped.wait(0.2):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.stop()
    return 0


def _port(text: str) -> int:
    port = _integer(text, "a port")
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port; use 0-65535 (0 picks a free one)")
    return port


def _positive(text: str) -> int:
    value = _integer(text, "a count")
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} should be 1 or more")
    return value


def _integer(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}; write a whole number") from None
