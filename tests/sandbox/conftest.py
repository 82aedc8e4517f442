from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from tcbot.sandbox.company import Company, build_company
from tcbot.sandbox.faults import Faults
from tcbot.sandbox.timeclock_api import SandboxServer, serve_timeclock

# A Tuesday lunchtime two days after the clock change of 2025-10-26 (Israel and London).
NOW = datetime(2025, 10, 28, 13, 30, tzinfo=ZoneInfo("Asia/Jerusalem"))
TOKEN = "sandbox-token"


@pytest.fixture
def company() -> Company:
    return build_company(now=NOW)


@pytest.fixture
def faults() -> Faults:
    return Faults(seed=3)


@pytest.fixture
def server(company: Company, faults: Faults) -> Iterator[SandboxServer]:
    with serve_timeclock(company, token=TOKEN, faults=faults) as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        yield http


def rpc(method: str, start: str = "2025-10-15", end: str = "2025-10-28", rid: object = 7) -> dict:
    return {
        "jsonrpc": "2.0",
        "method": method,
        "params": {"startDate": start, "endDate": end},
        "id": rid,
    }
