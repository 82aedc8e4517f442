"""Two `tcbot run` processes on one database and one TimeClock: they poll the same data at
the same moment and drain one outbox, and each message reaches Slack once. Run with -s to
see the figures."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from tests.hardening.processes import child, rows, sandboxes

DELIVER_EVERY_S = 0.5
LATENCY_S = 0.3  # long enough for the two first polls to overlap
DRAIN_S = 20.0


def test_two_processes_post_each_message_once(tmp_path: Path) -> None:
    began = time.monotonic()
    with (
        sandboxes(tmp_path, employees=40, latency=LATENCY_S) as boxes,
        child(boxes, tmp_path, deliver_every=DELIVER_EVERY_S) as one,
        child(boxes, tmp_path, deliver_every=DELIVER_EVERY_S) as two,
    ):
        for run in (one, two):
            run.wait_for(r"poll ok")
        _wait_for_an_empty_outbox(boxes.db_path)
        codes = (one.stop(), two.stop())
        elapsed = time.monotonic() - began

        alerts = rows(boxes.db_path, "SELECT key, delivered_at FROM alerts")
        states = Counter(r["state"] for r in rows(boxes.db_path, "SELECT state FROM outbox"))
        posted = Counter((m["channel"], m["text"]) for m in boxes.slack.messages())
        accepted = [c for c in boxes.slack.calls_to("chat.postMessage") if c.error is None]
        requests = dict(boxes.timeclock.requests)
        sent_by = [
            sum("message delivered" in line for line in run.stderr.lines) for run in (one, two)
        ]

    print(
        f"\ntwo processes in {elapsed:.1f}s: TimeClock requests {requests}; {len(alerts)} alerts;"
        f" outbox {dict(states)}; posts per process {sent_by};"
        f" Slack shows {sum(posted.values())} messages"
    )
    assert codes == (0, 0)
    assert requests == {"timesheet": 2, "extended-sessions": 2}  # both polled
    assert alerts and all(a["delivered_at"] is not None for a in alerts)
    assert states == {"sent": len(accepted)}
    assert max(posted.values()) == 1 and sum(posted.values()) == len(accepted)
    assert sum(sent_by) == len(accepted)


def _wait_for_an_empty_outbox(db_path: Path) -> None:
    deadline = time.monotonic() + DRAIN_S
    while rows(db_path, "SELECT count(*) FROM outbox WHERE state = 'pending'")[0][0]:
        assert time.monotonic() < deadline, "the outbox did not drain"
        time.sleep(0.2)
