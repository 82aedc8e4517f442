"""After a full scenario (polls, deliveries, slash commands, a button, failures of both APIs)
no token and none of the personal fields `extended-sessions` returns (passport, birthday,
gender) is anywhere in the log output, a real `tcbot run`'s stderr, or the database file.
Run with -s to see the figures."""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from tcbot.sandbox.company import Company
from tcbot.sandbox.faults import Faults
from tests.alerts.rig import NOW, TOKEN, world
from tests.hardening.kit import ADMIN, DANA, faulty_bot, slack_app
from tests.hardening.processes import child, sandboxes
from tests.sandboxes import SIGNING_SECRET
from tests.slack.payloads import SECRET
from tests.slack.reading import buttons, shown

NOA = "U0MGRSUPP"  # manages Support
LATER = NOW + timedelta(minutes=5)
GENDER = re.compile(r"\b(?:fe)?male\b|\bgender\b", re.IGNORECASE)


def forbidden(company: Company, *tokens: str) -> list[str]:
    """Every exact value that must not leak: the tokens, and each person's passport and
    birthday as the sandbox's extended-sessions renders them."""
    values = [*tokens]
    for person in company.people:
        values += [person.passport, person.birthday.isoformat()]
    return values


def leaks(text: str, values: list[str]) -> list[str]:
    found = [value for value in values if value in text]
    return found + [m.group(0) for m in GENDER.finditer(text)]


def database_text(db_path: Path) -> str:
    """Every table's every row, as SQL text (the WAL included, as SQLite reads it)."""
    with sqlite3.connect(db_path) as conn:
        return "\n".join(conn.iterdump())


def test_logs_and_database_hold_no_token_and_no_personal_field(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    faults = Faults()
    with (
        world(tmp_path, faults=faults) as w,
        faulty_bot(w) as bot,
        slack_app(w, bot, now=LATER) as app,
    ):
        bot.cycle(NOW)
        answers = [
            app.slash("/hours", "last week", user=DANA),
            app.slash("/whosin", "", user=NOA),
            app.slash("/tcbot", "status", user=ADMIN),
            app.slash("/tcbot", "link <@U1001> 1001", user=ADMIN),
        ]
        posted = next(m for m in w.slack.messages("C0SUPPORT") if "alert_ack" in buttons(m))
        pressed = app.action("alert_ack", buttons(posted)["alert_ack"], user=NOA, message=posted)
        acknowledged = [shown(m) for m in w.slack.messages("C0SUPPORT") if m["ts"] == posted["ts"]]
        faults.add("rpc_error")
        app.slash("/hours", "", user=DANA)  # TimeClock sends an error
        w.slack.fail("users.info", "internal_error")
        app.slash("/hours", "", user=DANA)  # Slack fails: the listener's crash is logged
        faults.add("500")
        bot.cycle(LATER)  # the poll fails: outage noticed and announced
        bot.cycle(LATER + timedelta(minutes=5))
        company = w.company
        values = forbidden(company, TOKEN, w.slack.workspace.bot_token, SECRET)
        stored = database_text(w.db_path)

    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    print(
        f"\nscenario: {len(caplog.records)} log records ({len(logged)} chars), database"
        f" {len(stored)} chars, {len(values)} values and the gender words looked for"
    )
    assert [len(a) for a in answers] == [1, 1, 1, 1] and pressed == []  # the edit answers
    assert f"Acknowledged by <@{NOA}>" in acknowledged[0]
    assert "poll failed" in caplog.text and "listener crashed" in caplog.text
    assert "1970" <= min(p.birthday.isoformat() for p in company.people)  # really looked for
    assert leaks(logged, values) == []
    assert leaks(stored, values) == []


def test_a_real_run_says_nothing_secret_on_stderr(tmp_path: Path) -> None:
    with sandboxes(tmp_path, employees=40) as boxes:
        with child(boxes, tmp_path, deliver_every=0.5) as run:
            run.wait_for(r"poll ok")
            run.wait_for(r"message delivered")
            code = run.stop()
        values = forbidden(
            boxes.company, boxes.env["TIMECLOCK_API_TOKEN"], boxes.env["SLACK_BOT_TOKEN"]
        )
        values.append(SIGNING_SECRET)
        stored = database_text(boxes.db_path)

    print(f"\nstderr: {len(run.stderr.lines)} lines; database {len(stored)} chars")
    assert code == 0
    assert leaks(run.stderr.text, values) == []
    assert leaks(stored, values) == []
