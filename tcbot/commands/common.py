"""What several commands share: `--now`, the policy in force, a TimeClock client."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from tcbot.errors import TcbotError
from tcbot.policy.load import load_policy
from tcbot.policy.model import Policy
from tcbot.settings import Settings
from tcbot.timeclock.client import INTERACTIVE_RETRY_BUDGET, TimeClockClient


def add_now_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--now",
        metavar="T",
        type=parse_now,
        help="answer as if it were this instant (ISO 8601 with offset), for reproducible output",
    )


def parse_now(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 instant; write e.g. 2025-10-09T18:00:00+03:00"
        ) from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} has no UTC offset; add one, e.g. {text.strip()}+03:00 or {text.strip()}Z"
        )
    return moment


def now_from(args: argparse.Namespace) -> datetime:
    """The instant the command answers for: `--now`, else the wall clock (entry point only)."""
    return args.now if args.now is not None else datetime.now(UTC)


def load_context(*, need_timeclock: bool = True) -> tuple[Settings, Policy, TimeClockClient | None]:
    settings = Settings.from_env()
    policy = load_policy(settings.config_path)
    client = None
    if need_timeclock:
        client = TimeClockClient(
            url=settings.timeclock_url,
            token=settings.require_timeclock(),
            retry_budget=INTERACTIVE_RETRY_BUDGET,
        )
    return settings, policy, client


def local_today(now: datetime, zone: str) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


class UsageError(TcbotError):
    """A command line that cannot be carried out as written."""
