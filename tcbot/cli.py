"""The `tcbot` command line. Each command lives in `tcbot.commands.<name>`.

This is an entry point: it may read the environment and the wall clock, and
turns tcbot's own errors into one line on stderr instead of a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from tcbot.errors import TcbotError

COMMANDS = {
    "run": "the bot: Slack listeners plus the alert scheduler",
    "demo": "the whole bot against a sandbox company and a sandbox Slack",
    "hours": "what /hours answers, in the terminal",
    "scan": "the alerts the current policy raises over a past period",
    "doctor": "check settings, TimeClock access, the Slack token, scopes and channels",
    "sandbox": "serve a sandbox TimeClock 365 API on loopback",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tcbot", description="TimeClock 365 attendance in Slack.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f"tcbot.commands.{name}")
        sub = commands.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not args.verbose:
        # A line per HTTP request or job run would drown tcbot's own line per poll.
        for chatty in ("httpx", "apscheduler"):
            logging.getLogger(chatty).setLevel(logging.WARNING)
    try:
        return int(args.handler(args) or 0)
    except TcbotError as error:
        print(f"tcbot {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
