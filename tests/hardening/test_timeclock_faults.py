"""TimeClock failing in every way the sandbox can fail: slash commands are still answered,
privately and clearly; the poller recovers by itself; no alert of the outage is lost or
doubled (the channels end up as a calm run leaves them). Run with -s to see the figures."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from tcbot.sandbox.faults import Faults
from tcbot.slack import wording
from tests.alerts.rig import NOW, running_bot, world
from tests.hardening.kit import (
    ADMIN,
    DANA,
    alert_messages,
    faulty_bot,
    notices,
    one_private_answer,
    slack_app,
)

OUTAGE_POLLS = (NOW, NOW + timedelta(minutes=5))
BACK = NOW + timedelta(minutes=10)

# kind, how long it lasts (Retry-After / hang), what the poll log says, what a person reads
CASES = [
    ("500", 0.0, "server error (HTTP 500)", wording.TIMECLOCK_DOWN),
    ("hang", 1.0, "no answer from 127.0.0.1 (ReadTimeout)", wording.TIMECLOCK_DOWN),
    ("drop", 0.0, "no answer from 127.0.0.1", wording.TIMECLOCK_DOWN),
    ("429", 30.0, "too many requests (HTTP 429)", wording.TIMECLOCK_DOWN),
    ("rpc_error", 0.0, "JSON-RPC error -32000: Server error", wording.TIMECLOCK_CONFUSED),
    ("html", 0.0, "server error (HTTP 502)", wording.TIMECLOCK_DOWN),
    ("truncated", 0.0, "the reply was cut off after", wording.TIMECLOCK_CONFUSED),
    ("revoked", 0.0, "the API key was refused (HTTP 401)", wording.TIMECLOCK_REFUSED),
]


@pytest.fixture(scope="module")
def calm(tmp_path_factory: pytest.TempPathFactory) -> Counter:
    """What the channels show after the same polls with TimeClock answering every time."""
    with world(tmp_path_factory.mktemp("calm")) as w, running_bot(w) as bot:
        for now in (*OUTAGE_POLLS, BACK):
            bot.cycle(now)
        return alert_messages(w)


@pytest.mark.parametrize(("kind", "seconds", "logged", "told"), CASES, ids=[c[0] for c in CASES])
def test_an_outage_keeps_commands_answered_and_loses_no_alert(
    tmp_path: Path, calm: Counter, kind: str, seconds: float, logged: str, told: str
) -> None:
    faults = Faults()
    with (
        world(tmp_path, faults=faults) as w,
        faulty_bot(w) as bot,
        slack_app(w, bot, now=NOW) as app,
    ):
        for now in OUTAGE_POLLS:
            faults.add(kind, seconds=seconds)
            began = time.monotonic()
            failed = bot.poller.poll(now)
            poll_s = time.monotonic() - began
            bot.delivery.deliver(now)
            faults.add(kind, seconds=seconds)
            began = time.monotonic()
            answer = one_private_answer(app.slash("/hours", "last week", user=DANA))
            answer_s = time.monotonic() - began
            assert failed.error is not None and logged in failed.error
            assert told in answer
            assert "Traceback" not in answer and "HTTP" not in answer
        during = one_private_answer(app.slash("/tcbot", "status", user=ADMIN))
        faults.clear()

        back = bot.poller.poll(BACK)
        bot.delivery.deliver(BACK)
        after = one_private_answer(app.slash("/hours", "last week", user=DANA))
        status = one_private_answer(app.slash("/tcbot", "status", user=ADMIN))

        recovered = alert_messages(w)
        print(
            f"\n{kind}: failed poll {poll_s:.2f}s error={failed.error!r}\n"
            f"  /hours answered in {answer_s:.2f}s: {answer[:70]!r}\n"
            f"  after recovery: raised={back.raised} messages={sum(recovered.values())}"
            f" (calm run {sum(calm.values())}), notices={len(notices(w))}"
        )
        assert "TimeClock 365 is not reachable" in during
        assert back.error is None and back.raised > 0
        assert recovered == calm  # nothing lost, nothing doubled
        assert max(recovered.values()) == 1
        [started, ended] = notices(w)
        assert "TimeClock 365 cannot be reached" in started and "is reachable again" in ended
        assert told not in after and "Hours" in after
        assert "TimeClock 365 is reachable." in status
        assert "Messages waiting to be delivered: *0*" in status
        assert faults.pending == 0


def test_passing_faults_are_retried_within_the_budget_waiting_as_told(tmp_path: Path) -> None:
    waits: list[float] = []
    faults = Faults()
    with (
        world(tmp_path, faults=faults) as w,
        faulty_bot(w, retry_budget=60.0, sleep=waits.append) as bot,
    ):
        faults.add("429", seconds=7).add("500").add("hang", seconds=1.0).add("drop")
        result = bot.poller.poll(NOW)
        bot.delivery.deliver(NOW)

        print(f"\nretried: waits={waits} api_calls={result.api_calls} raised={result.raised}")
        assert result.error is None and result.raised > 0
        assert result.api_calls == 2 + 4  # two methods, four failed attempts
        # The two methods are asked at once, so which request meets which fault varies.
        assert 7.0 in waits  # Retry-After, as TimeClock asked
        assert len(waits) == 4 and all(0 < wait <= 30 for wait in waits)
        assert notices(w) == []  # no outage: nobody is told
