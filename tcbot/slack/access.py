"""Who may see what (PRODUCT.md): yourself; your team's members if you manage it; anyone if
you are an admin. Everything else is refused politely, privately, and recorded.

    if not may_see(asker, employee, policy):
        return refuse(asker, "@noa", "/hours @noa last week", store=store, now=now)

The checks are pure; `refuse` is the one place a refusal is written down and logged.
"""

from __future__ import annotations

import logging
from datetime import datetime

from tcbot.policy.model import Policy, Team
from tcbot.slack import wording
from tcbot.slack.blocks import Message, refusal_message
from tcbot.slack.people import Identity
from tcbot.store import Store
from tcbot.timeclock.records import Employee

logger = logging.getLogger(__name__)

TARGET_LIMIT = 200  # how much of what was typed a refusal record keeps


def is_admin(user_id: str, policy: Policy) -> bool:
    return user_id in policy.admins


def teams_managed_by(user_id: str, policy: Policy) -> list[Team]:
    """The teams whose `managers` list this Slack user, in policy order."""
    return [team for team in policy.teams if user_id in team.managers]


def may_see(asker: Identity, target: Employee, policy: Policy) -> bool:
    """True if `asker` may see `target`'s attendance. Team membership by TimeClock group
    needs `target.groups`, which only `extended-sessions` fills in."""
    if is_admin(asker.slack_user, policy) or asker.matches(target):
        return True
    return any(team.has_member(target) for team in teams_managed_by(asker.slack_user, policy))


def may_ask_about_others(user_id: str, policy: Policy) -> bool:
    """False for someone who may only ever see themselves: refuse before asking TimeClock."""
    return is_admin(user_id, policy) or bool(teams_managed_by(user_id, policy))


def may_see_team(user_id: str, team: Team, policy: Policy) -> bool:
    """Admins see every team; managers their own. (Members are checked by `may_see`.)"""
    return is_admin(user_id, policy) or user_id in team.managers


def refuse(
    asker: Identity,
    target: str,
    what: str,
    *,
    store: Store,
    now: datetime,
    reply: str = wording.REFUSAL,
) -> Message:
    """Record the refusal and return the polite private reply. `target` is the person or team
    as the asker named them; `what` is the command as typed."""
    store.people.record_refusal(
        asker.slack_user, target[:TARGET_LIMIT], what[:TARGET_LIMIT], now=now
    )
    # The ids are Slack's, not personal data; what was typed stays in the store only.
    logger.info("request refused asker=%s command=%s", asker.slack_user, what.split(" ", 1)[0])
    return refusal_message(reply)
