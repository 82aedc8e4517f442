"""Issue 5's scenario: the real APScheduler scheduler polls the sandbox TimeClock and delivers
to the sandbox Slack. A planted forgotten punch-out becomes one channel message and one
manager DM; the punch-out edits them; a restart on the same database posts nothing again."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tcbot.schedule import Jobs, build_scheduler
from tests.alerts.rig import ZONE, Bot, World, running_bot, world
from tests.slack.reading import shown

DEADLINE_S = 5.0


class Clock:
    """The scheduler's source of `now`, moved by the test. It starts at the real time because
    APScheduler itself runs on real time and takes the first poll's time from it."""

    def __init__(self, start: datetime) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += timedelta(seconds=seconds)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.05)


def run_scheduler(w: World, bot: Bot, clock: Clock, until: Callable[[], bool], what: str) -> int:
    """Run the real scheduler until `until()` holds; returns how many polls ran."""
    polls: list[datetime] = []

    def poll(now: datetime) -> object:
        result = bot.poller.poll(now)
        polls.append(now)
        return result

    policy = replace(w.policy, poll_every=timedelta(seconds=1))
    jobs = Jobs(poll=poll, deliver=bot.delivery.deliver)
    scheduler = build_scheduler(
        jobs, policy, zone=ZONE, clock=clock, deliver_every=timedelta(seconds=0.2)
    )
    scheduler.start()
    try:
        wait_for(lambda: until() and bool(polls), what)
    finally:
        scheduler.shutdown(wait=True)
    return len(polls)


def missed(w: World, channel: str, employee: int) -> list[dict]:
    return [m for m in w.posts(channel, employee) if "missed a punch-out" in m["text"]]


def test_the_scheduler_posts_a_forgotten_punch_out_once_edits_it_and_survives_a_restart(
    tmp_path: Path,
):
    started = time.monotonic()
    clock = Clock(datetime.now(UTC))
    with world(tmp_path, now=clock(), employees=40) as w:
        forgot = w.planted("missing_punch_out")
        channel, dm = w.team_channel(forgot), w.manager_dm(forgot)

        with running_bot(w) as bot:
            run_scheduler(
                w,
                bot,
                clock,
                until=lambda: len(missed(w, channel, forgot)) == 1 == len(missed(w, dm, forgot)),
                what="the alert in the team channel and the manager's DM",
            )
            first_posts = w.post_count()

            _punch_out_the_forgotten_session(w, forgot, clock)
            run_scheduler(
                w,
                bot,
                clock,
                until=lambda: all(
                    "Resolved: punched out" in shown(m)
                    for m in missed(w, channel, forgot) + missed(w, dm, forgot)
                ),
                what="both messages edited to say the punch-out came",
            )

        [in_channel] = missed(w, channel, forgot)
        [to_manager] = missed(w, dm, forgot)
        assert "edited" in in_channel and "edited" in to_manager
        posts, updates = w.post_count(), len(w.slack.calls_to("chat.update"))
        assert posts >= first_posts  # a long day may follow the late punch-out; never a repost

        clock.now = max(clock(), datetime.now(UTC))
        with running_bot(w) as restarted:
            polls = run_scheduler(
                w,
                restarted,
                clock,
                until=lambda: restarted.store.polls.last_poll().started >= clock(),
                what="a poll after the restart",
            )
            restarted.delivery.deliver(clock())

        assert polls >= 1
        assert (w.post_count(), len(w.slack.calls_to("chat.update"))) == (posts, updates)
        assert missed(w, channel, forgot) == [in_channel]
    assert time.monotonic() - started < 15


def _punch_out_the_forgotten_session(w: World, employee: int, clock: Clock) -> None:
    """HR closes yesterday's session at 22:00. The sandbox closes the session open at its own
    `now`, so that is set back to then for a moment (today's session may be open by now)."""
    company = w.company
    day = company.today - timedelta(days=1)
    evening = datetime(day.year, day.month, day.day, 22, tzinfo=ZoneInfo(ZONE))
    current = company.now
    company.set_now(evening)
    company.punch_out(employee, at=evening)
    clock.advance(1)
    company.set_now(max(current, clock()))
