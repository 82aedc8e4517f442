"""The one Slack error handler: tcbot's own errors become polite private replies; anything else
a short "something went wrong" for the person and one log line (the error's type) for the
operator.

A request that never passed Bolt's global middleware (signature check, authorization) gets
no reply at all: its `response_url` is whatever the sender wrote, so answering it would let
anyone make tcbot post to an address of their choosing. `mark_verified`, registered after
Bolt's own middleware, is what tells the two apart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltResponse
from slack_bolt.context.respond import Respond

from tcbot.errors import TcbotError
from tcbot.slack import wording
from tcbot.slack.blocks import error_message

if TYPE_CHECKING:
    from tcbot.slack.app import Services

logger = logging.getLogger(__name__)

VERIFIED = "tcbot_verified"  # set in a request's context once Bolt's middleware let it through


def register(app: App, services: Services) -> None:
    app.use(mark_verified)
    app.error(handle_error)


def mark_verified(context: dict[str, Any], next: Callable[[], None]) -> None:  # noqa: A002 - Bolt's name
    """Runs after Bolt's own middleware, so only for requests that passed them."""
    context[VERIFIED] = True
    next()


def handle_error(
    error: Exception,
    body: dict[str, Any],
    respond: Respond | None,
    context: Mapping[str, Any] | None,
) -> BoltResponse | None:
    """Tell the person, privately, when the request came from Slack; for a request that did
    not pass verification, answer 401 (as Bolt does for a bad signature) and nothing else."""
    if not (context and context.get(VERIFIED)):
        # Nothing from an unverified body is logged or answered: it may be anyone's.
        logger.warning("unverified request failed error=%s", type(error).__name__)
        return BoltResponse(status=401, body={"error": "invalid request"})
    kind = _kind(body)
    if isinstance(error, TcbotError):
        logger.info("request failed kind=%s error=%s", kind, type(error).__name__)
        shown = error_message(str(error))
    else:
        # The type only: an exception's text may quote a reply or a payload.
        logger.error("listener crashed kind=%s error=%s", kind, type(error).__name__)
        logger.debug("listener crash detail", exc_info=error)
        shown = error_message(wording.SOMETHING_WENT_WRONG)
    if respond is None or not (body.get("response_url") or body.get("response_urls")):
        return None  # an event (App Home): nobody to answer privately; the log line stands
    try:
        respond(**shown, response_type="ephemeral", replace_original=False)
    except Exception as failure:  # noqa: BLE001 - the reply is best effort; never raise here
        logger.warning("could not tell the user error=%s", type(failure).__name__)
    return None


def _kind(body: dict[str, Any]) -> str:
    if "command" in body:
        return str(body["command"])
    if body.get("type") == "block_actions":
        actions = body.get("actions") or [{}]
        return f"action:{actions[0].get('action_id', '?')}"
    event = body.get("event") or {}
    return f"event:{event.get('type', body.get('type', '?'))}"
