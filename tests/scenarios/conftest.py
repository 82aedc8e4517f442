from __future__ import annotations

from tests.slack.conftest import harness

__all__ = ["harness"]
