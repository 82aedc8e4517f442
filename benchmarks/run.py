"""tcbot's benchmarks in one command: every figure next to a baseline measured in the same run.

    python benchmarks/run.py                 # the full suite (10,000 employees x 14 days)
    python benchmarks/run.py --quick         # a smaller company and fewer repeats
    python benchmarks/run.py --only poll     # one figure (client, evaluation, poll, slack)

Prints a table per figure and writes them all to benchmarks/results.json (or --json PATH).
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import bench_client
import bench_evaluation
import bench_poll
import bench_slack
from common import FULL, QUICK, Figure, Sizes, header_lines, table, write_json
from timeclock_process import TimeClockInfo, running_timeclock

HERE = Path(__file__).resolve().parent
# The figures that read the big company from the sandbox TimeClock process.
ON_TIMECLOCK: dict[str, Callable[[Sizes, TimeClockInfo], Figure]] = {
    "client": bench_client.run,
    "evaluation": bench_evaluation.run,
    "poll": bench_poll.run,
}
ON_THEIR_OWN: dict[str, Callable[[Sizes], Figure]] = {"slack": bench_slack.run}
NAMES = (*ON_TIMECLOCK, *ON_THEIR_OWN)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sizes = _sizes(args)
    chosen = [name for name in NAMES if not args.only or name in args.only]
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")

    started = datetime.now().astimezone()  # an entry point: the report's date
    began = time.perf_counter()
    print("\n".join(header_lines(started, sizes, args.quick)), flush=True)
    figures: list[Figure] = []
    with ExitStack() as stack:
        server: TimeClockInfo | None = None
        for name in chosen:
            if name in ON_TIMECLOCK:
                if server is None:
                    server = stack.enter_context(running_timeclock(sizes.employees, sizes.days))
                figure = ON_TIMECLOCK[name](sizes, server)
            else:
                figure = ON_THEIR_OWN[name](sizes)
            figures.append(figure)
            print("\n" + table(figure), flush=True)
    took = time.perf_counter() - began
    print(f"\nall figures in {took:.0f} s; written to {args.json}")
    write_json(
        args.json, started=started, took_s=took, sizes=sizes, quick=args.quick, figures=figures
    )
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="tcbot's benchmarks, each next to a baseline")
    parser.add_argument("--quick", action="store_true", help="a smaller company, fewer repeats")
    parser.add_argument(
        "--only",
        action="append",
        choices=NAMES,
        metavar="NAME",
        help=f"run only this figure (repeatable): {', '.join(NAMES)}",
    )
    parser.add_argument("--employees", type=_positive, help="override the company size")
    parser.add_argument("--days", type=_positive, help="override the days of records")
    parser.add_argument("--repeats", type=_positive, help="override the timed runs per figure")
    parser.add_argument(
        "--json",
        type=Path,
        default=HERE / "results.json",
        metavar="PATH",
        help="where to write the results (default: benchmarks/results.json)",
    )
    return parser


def _sizes(args: argparse.Namespace) -> Sizes:
    sizes = QUICK if args.quick else FULL
    changes = {
        name: getattr(args, name)
        for name in ("employees", "days", "repeats")
        if getattr(args, name) is not None
    }
    return replace(sizes, **changes)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} should be 1 or more")
    return value


if __name__ == "__main__":
    sys.exit(main())
