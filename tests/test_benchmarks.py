"""The benchmark script runs: a tiny company through `benchmarks/run.py` in a subprocess.

This proves the script and its table work, not how fast anything is: no timing is asserted
(figures are measured by `python benchmarks/run.py`, see benchmarks/README.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "benchmarks" / "run.py"
CLIENT_ROWS = (
    "client.fetch sessions + lunches",
    "API calls (client.call_count)",
    "sessions: bytes -> typed records",
    "lunches: bytes -> typed records",
    "sessions reply size",
    "lunches reply size",
    "employees read",
)


def test_the_client_figure_prints_its_rows_and_writes_json(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    command = [sys.executable, str(RUN), "--quick", "--only", "client", "--employees", "50"]
    command += ["--days", "2", "--json", str(results)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("tcbot benchmarks")
    assert any(line.startswith("machine: ") and "cores" in line for line in lines)
    assert "## 1. TimeClock client: fetch and parse a company (issue 2)" in lines
    header = next(line for line in lines if line.startswith("figure "))
    assert [cell.strip() for cell in header.split("|")] == ["figure", "value", "baseline", "ratio"]
    shown = {line.split("|")[0].strip(): line for line in lines if "|" in line}
    for row in CLIENT_ROWS:
        assert row in shown, f"no row {row!r} in:\n{done.stdout}"
    assert shown["employees read"].split("|")[1].strip() == "50"
    assert shown["API calls (client.call_count)"].split("|")[1].strip() == "2"

    written = json.loads(results.read_text(encoding="utf-8"))
    assert written["machine"]["cores"] >= 1
    assert written["sizes"]["employees"] == 50
    [figure] = written["figures"]
    assert figure["key"] == "client"
    assert [row["figure"] for row in figure["rows"]][: len(CLIENT_ROWS)] == list(CLIENT_ROWS)


def test_an_unknown_figure_is_refused_with_the_names_to_choose_from(tmp_path: Path) -> None:
    command = [sys.executable, str(RUN), "--only", "everything", "--json", str(tmp_path / "r")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)

    assert done.returncode == 2
    assert "client" in done.stderr and "slack" in done.stderr
    assert not (tmp_path / "r").exists()
