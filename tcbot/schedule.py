"""The alert scheduler: poll, deliver, digest and purge as APScheduler 3 jobs.

One scheduler per process, next to the Bolt app. Jobs have stable ids, never
pile up (one instance each, late runs coalesced, a misfire grace near their
interval), and run on their own threads so a slow poll never holds back the
delivery of what an earlier poll found. Each job asks `clock()` for `now` and
passes it down: below this module nothing reads the wall clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from tcbot.policy.model import Policy

log = logging.getLogger(__name__)

Job = Callable[[datetime], object]

DELIVER_EVERY = timedelta(seconds=5)
PURGE_AT = (3, 30)  # company time, when nobody is punching


@dataclass(frozen=True, slots=True)
class Jobs:
    poll: Job
    deliver: Job
    digest: Job | None = None
    purge: Job | None = None


def build_scheduler(
    jobs: Jobs,
    policy: Policy,
    *,
    zone: str,
    clock: Callable[[], datetime],
    deliver_every: timedelta = DELIVER_EVERY,
) -> BackgroundScheduler:
    """A scheduler with tcbot's jobs added, not yet started.

    The poll runs once right after start, then every `policy.poll_every`.
    """
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=zone,
    )
    poll_every = policy.poll_every.total_seconds()
    scheduler.add_job(
        _run("poll", jobs.poll, clock),
        IntervalTrigger(seconds=poll_every, timezone=zone),
        id="poll",
        name="poll TimeClock and raise alerts",
        next_run_time=clock(),
        misfire_grace_time=max(1, int(poll_every * 0.9)),
    )
    scheduler.add_job(
        _run("deliver", jobs.deliver, clock),
        IntervalTrigger(seconds=deliver_every.total_seconds(), timezone=zone),
        id="deliver",
        name="drain the Slack outbox",
        misfire_grace_time=max(1, int(deliver_every.total_seconds())),
    )
    if jobs.digest is not None:
        scheduler.add_job(
            _run("digest", jobs.digest, clock),
            CronTrigger(hour=policy.digest_at.hour, minute=policy.digest_at.minute, timezone=zone),
            id="digest",
            name="managers' daily digest",
            misfire_grace_time=3600,
        )
    if jobs.purge is not None:
        scheduler.add_job(
            _run("purge", jobs.purge, clock),
            CronTrigger(hour=PURGE_AT[0], minute=PURGE_AT[1], timezone=zone),
            id="purge",
            name="retention purge",
            misfire_grace_time=6 * 3600,
        )
    return scheduler


def _run(name: str, job: Job, clock: Callable[[], datetime]) -> Callable[[], None]:
    def run() -> None:
        try:
            job(clock())
        except Exception:
            # A job that fails runs again at its next time; say so once per failure.
            log.exception("job failed job=%s; it runs again at its next scheduled time", name)

    run.__name__ = f"tcbot_{name}"
    return run
