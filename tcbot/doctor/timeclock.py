"""Doctor's TimeClock check: one small `sessions` call for today, with the key."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from tcbot.doctor.findings import Finding, fail, ok
from tcbot.errors import TimeClockAuthError, TimeClockError, TimeClockUnavailable
from tcbot.settings import Settings
from tcbot.timeclock.client import TimeClockClient

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
RETRY_BUDGET_S = 5.0  # doctor answers in seconds, not after a minute of retries


def timeclock_finding(settings: Settings, *, zone: str, now: datetime) -> Finding:
    today = now.astimezone(ZoneInfo(zone)).date()
    where = settings.timeclock_url
    client = TimeClockClient(
        url=where, token=settings.require_timeclock(), timeout=TIMEOUT, retry_budget=RETRY_BUDGET_S
    )
    with client:
        try:
            attendance = client.sessions(today, today)
        except TimeClockAuthError:
            return fail(
                "TimeClock 365: the key was refused: create a new API key in TimeClock 365"
                " under Integrations and export it as TIMECLOCK_API_TOKEN"
            )
        except TimeClockUnavailable as error:
            return fail(
                f"TimeClock 365 at {where} did not answer ({error.problem});"
                " check TIMECLOCK_API_URL and the network"
            )
        except TimeClockError as error:
            return fail(
                f"TimeClock 365 at {where} answered, but not as its API does ({error.problem});"
                " check that TIMECLOCK_API_URL is the JSON-RPC endpoint"
            )
    count = sum(len(sessions) for sessions in attendance.sessions.values())
    return ok(f"TimeClock 365 accepts the key: {count} sessions today ({today}) at {where}")
