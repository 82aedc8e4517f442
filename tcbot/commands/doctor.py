"""`tcbot doctor`: a line per check (settings, TimeClock, Slack token, scopes, channels, people),
`ok` or what to do; exit 0 when all pass, 1 otherwise. Prints no token."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from tcbot.checks import check_startup
from tcbot.doctor import diagnose, exit_code, summary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--http",
        action="store_true",
        help="check for HTTP mode even when SLACK_APP_TOKEN is set (as `tcbot run --http`)",
    )


def run(args: argparse.Namespace) -> int:
    checked = check_startup(force_http=args.http)
    findings = diagnose(checked, now=datetime.now(UTC))
    for finding in findings:
        print(finding.line(), flush=True)
    print(summary(findings))
    return exit_code(findings)
