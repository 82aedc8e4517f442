"""What every benchmark shares: sizes, timing, memory, and the table each figure prints.

A figure is a list of rows, each a measured value next to a baseline measured in the same
run, because these machines are noisy: the ratio holds from run to run, absolute times don't.
"""

from __future__ import annotations

import gc
import json
import math
import os
import platform
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

T = TypeVar("T")

# The records' `now`: a Wednesday afternoon in the company's zone, when most of the company
# is at work, some are at lunch and the planted cases are all visible. Pinned, so every run
# measures the same data whatever the wall clock says.
NOW = datetime(2025, 10, 8, 15, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
TIMECLOCK_TOKEN = "sandbox-token"
MB = 1_000_000


@dataclass(frozen=True, slots=True)
class Sizes:
    employees: int  # the TimeClock company of the client, evaluation and poll figures
    days: int
    repeats: int  # timed runs per figure; the median is shown
    slack_employees: int  # the company behind the Slack app
    slack_requests: int  # slash commands per concurrent burst
    slack_workers: int  # concurrent senders
    latency_repeats: int  # /hours answers timed with TimeClock slowed down
    latency_s: float  # the latency injected into TimeClock for that figure


FULL = Sizes(10_000, 14, 3, 40, 200, 50, 5, 1.0)
QUICK = Sizes(1_000, 7, 1, 40, 50, 50, 2, 1.0)


@dataclass(slots=True)
class Row:
    """One measured figure; `unit` is "s", "bytes" or "" (a count, or text)."""

    figure: str
    value: float | str
    unit: str = ""
    baseline: float | str | None = None
    baseline_what: str = ""

    @property
    def ratio(self) -> float | None:
        value, baseline = self.value, self.baseline
        if isinstance(value, int | float) and isinstance(baseline, int | float) and baseline > 0:
            return value / baseline
        return None


@dataclass(slots=True)
class Figure:
    key: str  # the name --only selects
    title: str
    setup: str  # what was measured on what, in one line
    rows: list[Row] = field(default_factory=list)

    def add(self, *rows: Row) -> None:
        self.rows.extend(rows)


# -- measuring -----------------------------------------------------------------------------


@dataclass(slots=True)
class Timing:
    runs: list[float]

    @property
    def median(self) -> float:
        ordered = sorted(self.runs)
        middle = len(ordered) // 2
        if len(ordered) % 2:
            return ordered[middle]
        return (ordered[middle - 1] + ordered[middle]) / 2


def time_it(work: Callable[[], T], repeats: int) -> tuple[Timing, T]:
    """Run `work` `repeats` times (after a garbage collection each); the last result."""
    runs: list[float] = []
    results: list[T] = []
    for _ in range(max(1, repeats)):
        results.clear()  # the previous result is not held while the next one is built
        gc.collect()
        began = time.perf_counter()
        results.append(work())
        runs.append(time.perf_counter() - began)
    return Timing(runs), results[0]


def traced_peak(work: Callable[[], T]) -> tuple[int, T]:
    """tracemalloc's peak (bytes allocated by Python beyond what existed before) while `work`
    runs. Tracing slows Python down several times, so this run is never the timed one.

    Not RSS: in one long process the allocator reuses what earlier steps freed, so a peak-RSS
    growth read 0.5 MB for an evaluation whose tracemalloc peak was 27 MB."""
    gc.collect()
    tracemalloc.start()
    try:
        result = work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, result


def percentile(samples: Sequence[float], percent: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


# -- showing -------------------------------------------------------------------------------


def shown(value: float | str | None, unit: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "bytes":
        return f"{value / 1000:.0f} kB" if value < MB else f"{value / MB:.1f} MB"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def table(figure: Figure) -> str:
    header = ("figure", "value", "baseline", "ratio")
    lines = [
        (
            row.figure,
            shown(row.value, row.unit),
            _baseline_cell(row),
            "-" if row.ratio is None else f"{row.ratio:.2f}x",
        )
        for row in figure.rows
    ]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(4)]

    def joined(cells: Sequence[str]) -> str:
        return " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    rule = "-+-".join("-" * width for width in widths)
    body = [joined(header), rule, *(joined(cells) for cells in lines)]
    return "\n".join([f"## {figure.title}", figure.setup, "", *(s.rstrip() for s in body)])


def _baseline_cell(row: Row) -> str:
    if row.baseline is None:
        return "-"
    value = shown(row.baseline, row.unit)
    return f"{value} ({row.baseline_what})" if row.baseline_what else value


def machine() -> dict[str, object]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(terse=True),
    }


def header_lines(started: datetime, sizes: Sizes, quick: bool) -> list[str]:
    info = machine()
    return [
        f"tcbot benchmarks · {started:%Y-%m-%d %H:%M %Z} · {'quick' if quick else 'full'} run",
        f"machine: {info['cores']} cores, {info['implementation']} {info['python']},"
        f" {info['platform']}",
        f"records as of {NOW.isoformat()} (pinned); median of {sizes.repeats} run(s) per time",
    ]


def write_json(
    path: Path,
    *,
    started: datetime,
    took_s: float,
    sizes: Sizes,
    quick: bool,
    figures: list[Figure],
) -> None:
    document = {
        "date": started.isoformat(timespec="seconds"),
        "took_s": round(took_s, 1),
        "quick": quick,
        "machine": machine(),
        "records_now": NOW.isoformat(),
        "sizes": asdict(sizes),
        "figures": [
            {
                "key": figure.key,
                "title": figure.title,
                "setup": figure.setup,
                "rows": [{**asdict(row), "ratio": row.ratio} for row in figure.rows],
            }
            for figure in figures
        ],
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
