"""`tcbot run [--http] [--port N] [--host H]`: the bot, until SIGTERM or Ctrl-C.

An entry point: it reads the environment and the policy file, checks all of it before
starting (one line per problem, exit 2), hands the wall clock to the runtime, and owns the
signal handlers. Socket mode when SLACK_APP_TOKEN is set (unless `--http`), HTTP otherwise.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from types import FrameType
from typing import Any

from tcbot.checks import NO_ACCOUNTS, check_startup

log = logging.getLogger(__name__)

DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 3000
WAKE_S = 0.5  # the main thread's wait between looks at the stop flag

_Handler = Callable[[int, FrameType | None], Any] | int | None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--http", action="store_true", help="serve HTTP even when SLACK_APP_TOKEN is set"
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=None,
        metavar="N",
        help=f"HTTP mode's port (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--host",
        default=None,
        metavar="H",
        help=f"HTTP mode's address (default {DEFAULT_HOST}: every interface)",
    )


def run(args: argparse.Namespace) -> int:
    checked = check_startup(force_http=args.http)
    if checked.no_accounts:
        print(f"tcbot run: {NO_ACCOUNTS}", file=sys.stderr)
        return 2
    if checked.problems:
        for problem in checked.problems:
            print(f"tcbot run: {problem}", file=sys.stderr)
        return 2
    if not checked.http_mode and (args.port is not None or args.host is not None):
        log.warning("socket mode ignores --port and --host; add --http to serve HTTP instead")

    # Imported here so that `tcbot --help` and the checks above stay quick.
    from tcbot.runtime import Bot

    bot = Bot(
        checked.settings,
        clock=lambda: datetime.now(UTC),
        policy=checked.policy,
        http_mode=checked.http_mode,
        host=DEFAULT_HOST if args.host is None else args.host,
        port=DEFAULT_PORT if args.port is None else args.port,
    )
    stopping = threading.Event()
    previous = _on_stop_signals(stopping)
    try:
        bot.start()
        while not stopping.wait(WAKE_S):
            pass
    finally:
        bot.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 0


def _on_stop_signals(stopping: threading.Event) -> dict[int, _Handler]:
    """SIGTERM and Ctrl-C ask for a clean stop; a second one quits at once."""

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stopping.is_set():
            raise KeyboardInterrupt  # the cli turns it into exit 130
        stopping.set()
        log.info(
            "stopping signal=%s; finishing the job in flight (Ctrl-C again quits at once)",
            signal.Signals(signum).name,
        )

    return {signum: signal.signal(signum, on_signal) for signum in (signal.SIGTERM, signal.SIGINT)}


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; write a whole number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port; use 0-65535 (0 picks a free one)")
    return port
