from __future__ import annotations

from typing import Any

from tcbot.errors import PeriodError
from tcbot.slack.listeners.errors import VERIFIED, handle_error
from tests.slack.reading import shown


class Replies:
    """Stands where Bolt's `respond` does and keeps what the person would read."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def __call__(self, **message: Any) -> None:
        self.sent.append(message)


SLASH = {"command": "/hours", "user_id": "U1", "response_url": "https://hooks.example/r"}
PASSED = {VERIFIED: True}  # Bolt's middleware let the request through


def test_a_tcbot_error_is_told_in_its_own_words_privately() -> None:
    replies = Replies()

    handle_error(PeriodError("Can't read the period 'soon'."), SLASH, replies, PASSED)  # type: ignore[arg-type]

    assert [shown(m) for m in replies.sent] == [
        ":warning: Can't read the period 'soon'.\n:warning: Can't read the period 'soon'."
    ]
    assert replies.sent[0]["response_type"] == "ephemeral"


def test_anything_else_is_a_short_apology_without_its_detail() -> None:
    replies = Replies()

    handle_error(KeyError("xoxb-secret-token"), SLASH, replies, PASSED)  # type: ignore[arg-type]

    assert "Something went wrong on tcbot's side" in shown(replies.sent[0])
    assert "xoxb" not in shown(replies.sent[0])


def test_an_event_has_nobody_to_answer() -> None:
    replies = Replies()

    handle_error(RuntimeError("boom"), {"event": {"type": "app_home_opened"}}, replies, PASSED)  # type: ignore[arg-type]

    assert replies.sent == []


def test_a_request_that_never_passed_verification_is_not_answered() -> None:
    replies = Replies()

    answered = handle_error(ValueError("invalid literal for int()"), SLASH, replies, {})  # type: ignore[arg-type]

    assert replies.sent == []
    assert answered is not None and answered.status == 401
