"""`tcbot hours` and `tcbot scan` as an admin runs them, against the sandbox over loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tcbot.cli import main
from tcbot.sandbox.company import Company, build_company
from tcbot.sandbox.timeclock_api import SandboxServer, serve_timeclock

NOW = datetime(2025, 10, 28, 13, 30, tzinfo=ZoneInfo("Asia/Jerusalem"))
TOKEN = "cli-test-token"


@pytest.fixture(scope="module")
def company() -> Company:
    return build_company(now=NOW)


@pytest.fixture
def sandbox(
    company: Company, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SandboxServer]:
    policy = tmp_path / "tcbot.toml"
    policy.write_text(company.policy_toml())
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "TCBOT_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    with serve_timeclock(company, token=TOKEN) as server:
        monkeypatch.setenv("TIMECLOCK_API_URL", server.url)
        monkeypatch.setenv("TIMECLOCK_API_TOKEN", TOKEN)
        monkeypatch.setenv("TCBOT_CONFIG", str(policy))
        yield server


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_hours_json_has_the_product_shape(sandbox: SandboxServer, capsys) -> None:
    code, out, _ = run(
        capsys, "hours", "dana@example.com", "last", "week", "--now", NOW.isoformat(), "--json"
    )
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 1
    answer = json.loads(lines[0])
    assert set(answer) == {
        "employee",
        "email",
        "from",
        "to",
        "worked_seconds",
        "lunch_seconds",
        "gross_seconds",
        "days",
        "open_sessions",
    }
    assert answer["employee"] == "1001"
    assert answer["email"] == "dana@example.com"
    # Asia/Jerusalem weeks start on Sunday: the week before Tue 28 Oct is 19..25 Oct.
    assert (answer["from"], answer["to"]) == ("2025-10-19", "2025-10-25")
    assert [day["date"] for day in answer["days"]][0] == "2025-10-19"
    assert len(answer["days"]) == 7
    assert answer["worked_seconds"] == sum(day["worked_seconds"] for day in answer["days"])
    assert answer["worked_seconds"] == answer["gross_seconds"] - answer["lunch_seconds"]
    # A Sunday-to-Thursday employee works five days of roughly eight hours.
    assert 5 * 6 * 3600 < answer["worked_seconds"] < 5 * 10 * 3600


def test_hours_by_employee_number_reads_for_people(sandbox: SandboxServer, capsys) -> None:
    code, out, _ = run(capsys, "hours", "1001", "2025-10-27", "--now", NOW.isoformat())
    assert code == 0
    assert "dana@example.com (#1001)" in out
    assert "Mon 27 Oct" in out
    assert "worked " in out


def test_hours_for_nobody_says_what_to_check(sandbox: SandboxServer, capsys) -> None:
    code, _, err = run(capsys, "hours", "nobody@example.com", "today", "--now", NOW.isoformat())
    assert code == 2
    assert "nobody@example.com" in err
    assert "check the employee number or email" in err
    assert "Traceback" not in err


def test_hours_with_a_bad_period_is_refused_before_asking_timeclock(
    sandbox: SandboxServer, capsys
) -> None:
    code, _, err = run(capsys, "hours", "1001", "2025-02-30", "--now", NOW.isoformat())
    assert code == 2
    assert "2025-02-30" in err
    assert sum(sandbox.requests.values()) == 0


def test_scan_json_lists_the_planted_cases(
    sandbox: SandboxServer, company: Company, capsys
) -> None:
    code, out, err = run(
        capsys,
        "scan",
        "--from",
        "2025-10-19",
        "--to",
        "2025-10-28",
        "--now",
        NOW.isoformat(),
        "--json",
    )
    assert code == 0
    alerts = [json.loads(line) for line in out.strip().splitlines()]
    for alert in alerts:
        assert set(alert) == {"rule", "employee", "email", "date", "at", "detail"}
        assert "T" in alert["at"] and alert["at"][-6] in "+-"
    raised = {(a["rule"], a["employee"], a["date"]) for a in alerts}
    for case in company.planted:
        if case.kind in (
            "missing_punch_out",
            "long_lunch",
            "late_start",
            "no_show",
            "overtime_day",
        ):
            assert (case.kind, str(case.employee_number), case.day.isoformat()) in raised, case
    assert any(a["rule"] == "overtime_week" and a["employee"] == "1018" for a in alerts)
    # The per-rule counts go to stderr, so stdout stays one alert per line.
    assert "alerts:" in err and "missing_punch_out" in err


def test_scan_text_ends_with_counts(sandbox: SandboxServer, capsys) -> None:
    code, out, _ = run(
        capsys, "scan", "--from", "2025-10-26", "--to", "2025-10-27", "--now", NOW.isoformat()
    )
    assert code == 0
    last = out.strip().splitlines()[-1]
    assert last.split(":")[0].endswith("alerts")
    assert "late_start 1" in last or "late_start" in last


def test_scan_reversed_range_is_explained(sandbox: SandboxServer, capsys) -> None:
    code, _, err = run(capsys, "scan", "--from", "2025-10-28", "--to", "2025-10-01")
    assert code == 2
    assert "before" in err


def test_missing_token_names_the_setting(
    sandbox: SandboxServer, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TIMECLOCK_API_TOKEN")
    code, _, err = run(capsys, "hours", "1001", "today")
    assert code == 2
    assert "TIMECLOCK_API_TOKEN" in err
    assert "tcbot demo" in err


def test_a_period_in_the_future_counts_nothing_rather_than_failing(
    sandbox: SandboxServer, capsys
) -> None:
    code, out, err = run(
        capsys, "hours", "1001", "2030-01-01..2030-01-03", "--now", NOW.isoformat(), "--json"
    )
    assert code == 0, err
    answer = json.loads(out)
    assert (answer["from"], answer["to"]) == ("2030-01-01", "2030-01-03")
    assert answer["worked_seconds"] == 0
    assert [day["worked_seconds"] for day in answer["days"]] == [0, 0, 0]


def test_scan_over_days_with_no_data_says_so(sandbox: SandboxServer, capsys) -> None:
    # The sandbox's records start on 2025-10-15; the two days before hold nothing.
    code, out, _ = run(
        capsys, "scan", "--from", "2025-10-13", "--to", "2025-10-16", "--now", NOW.isoformat()
    )
    assert code == 0
    assert "note: nobody punched at all on 2 of these days (2025-10-13, 2025-10-14)" in out
