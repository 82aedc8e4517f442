"""`tcbot scan --from D --to D`: the alerts the policy raises over a past period, posted nowhere.

An admin's backtest before turning alerts on: each alert, then a count per rule.
With `--json`, stdout holds only the alerts (one object per line) and the
counts go to stderr, so other programs can read stdout as it is.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tcbot.alerts.evaluate import evaluate
from tcbot.alerts.model import RULES, Alert
from tcbot.attendance.query import MARGIN, company_zone, latest_day
from tcbot.commands.common import add_now_argument, load_context, now_from
from tcbot.errors import PeriodError
from tcbot.policy.model import Policy
from tcbot.timeclock.client import TimeClockClient
from tcbot.timeclock.records import Attendance

MAX_DAYS = 366


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="D", type=_date, required=True)
    parser.add_argument("--to", dest="end", metavar="D", type=_date, required=True)
    add_now_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per alert")


def run(args: argparse.Namespace) -> int:
    _, policy, client = load_context()
    assert client is not None
    with client:
        alerts, quiet = scan_and_quiet_days(
            client, policy, start=args.start, end=args.end, now=now_from(args)
        )
    counts = count_by_rule(alerts)
    summary = [_counts_line(counts)] + ([_quiet_note(quiet)] if quiet else [])
    if args.json:
        for alert in alerts:
            print(json.dumps(alert.as_json()))
        print("\n".join(summary), file=sys.stderr)
        return 0
    for alert in alerts:
        who = alert.email or alert.employee
        print(f"{alert.date}  {alert.rule:<17}  {who:<28}  {alert.detail}")
    print("\n".join(summary))
    return 0


def scan(
    client: TimeClockClient, policy: Policy, *, start: date, end: date, now: datetime
) -> list[Alert]:
    """Every alert the policy raises for days in [start, end], judged as of `now`."""
    return scan_and_quiet_days(client, policy, start=start, end=end, now=now)[0]


def scan_and_quiet_days(
    client: TimeClockClient, policy: Policy, *, start: date, end: date, now: datetime
) -> tuple[list[Alert], list[date]]:
    """The alerts, and the days up to today on which nobody punched at all: there, a no-show
    for everyone more likely means TimeClock holds no data for the day than a strike."""
    if end < start:
        raise PeriodError(f"--to {end} is before --from {start}; swap them")
    if (end - start).days + 1 > MAX_DAYS:
        raise PeriodError(f"{start}..{end} is longer than a year; scan at most {MAX_DAYS} days")
    fetch_end = min(end + MARGIN, latest_day(now))
    if fetch_end < start - MARGIN:
        return [], []
    attendance = client.fetch(["timesheet", "extended-sessions"], start - MARGIN, fetch_end)
    alerts = evaluate(attendance, policy, now=now, start=start, end=end)
    return alerts, _quiet_days(attendance, policy, start=start, end=min(end, now.date()))


def _quiet_days(attendance: Attendance, policy: Policy, *, start: date, end: date) -> list[date]:
    zone = ZoneInfo(company_zone(policy, attendance))
    punched = {
        session.start.astimezone(zone).date()
        for sessions in attendance.sessions.values()
        for session in sessions
        if not session.is_absence
    }
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [day for day in days if day not in punched]


def _quiet_note(days: list[date]) -> str:
    shown = ", ".join(day.isoformat() for day in days[:5]) + (" …" if len(days) > 5 else "")
    return (
        f"note: nobody punched at all on {len(days)} of these days ({shown}); if TimeClock 365"
        " holds no data for them, their no-shows say nothing about anyone"
    )


def count_by_rule(alerts: list[Alert]) -> dict[str, int]:
    counts = dict.fromkeys(RULES, 0)
    for alert in alerts:
        counts[alert.rule] += 1
    return counts


def _counts_line(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    return f"{total} alerts: " + ", ".join(f"{rule} {n}" for rule, n in counts.items())


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None
