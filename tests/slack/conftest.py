from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.slack.harness import SlackHarness, running


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[SlackHarness]:
    """The whole Slack app over loopback (see tests/slack/harness.py)."""
    with running(tmp_path) as started:
        yield started
