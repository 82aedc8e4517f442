"""`tcbot hours WHO PERIOD`: what `/hours` answers, in the terminal."""

from __future__ import annotations

import argparse
import json

from tcbot.attendance.hours import Hours
from tcbot.attendance.periods import describe_period
from tcbot.attendance.query import fetch_hours
from tcbot.commands.common import add_now_argument, load_context, now_from


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("who", metavar="WHO", help="an employee number or an email")
    parser.add_argument(
        "period",
        metavar="PERIOD",
        nargs="+",
        help="today, yesterday, this week, last week, this month, last month, last N days, "
        "YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD",
    )
    add_now_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object, as PRODUCT.md shows")


def run(args: argparse.Namespace) -> int:
    _, policy, client = load_context()
    assert client is not None
    with client:
        hours = fetch_hours(
            client, policy, who=args.who, period=" ".join(args.period), now=now_from(args)
        )
    if args.json:
        print(json.dumps(hours.as_json()))
    else:
        print(render_text(hours))
    return 0


def render_text(hours: Hours) -> str:
    who = hours.employee.email or hours.employee.number
    lines = [
        f"{who} (#{hours.employee.number}) — {describe_period(hours.start, hours.end)}",
        f"worked {_duration(hours.worked_seconds)}  lunch {_duration(hours.lunch_seconds)}"
        f"  gross {_duration(hours.gross_seconds)}",
    ]
    longest = max((day.worked_seconds for day in hours.days), default=0) or 1
    for day in hours.days:
        bar = "#" * round(20 * day.worked_seconds / longest) if day.worked_seconds else ""
        label = f"{day.date:%a} {day.date.day} {day.date:%b}"
        lines.append(f"  {label:<10}  {_duration(day.worked_seconds):>8}  {bar}")
    for session in hours.open_sessions:
        state = "counted up to now" if session.counted else "not counted: missing punch-out"
        lines.append(f"  open since {session.start:%a %d %b %H:%M} ({state})")
    return "\n".join(lines)


def _duration(seconds: int) -> str:
    hours, rest = divmod(max(seconds, 0), 3600)
    return f"{hours}h {rest // 60:02d}m"
