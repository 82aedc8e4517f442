"""What `/hours` and `/whosin` answer, without Bolt: text in, a Block Kit message out.

    message = answer_hours("<@U1001> last week", asker_id="U0MGRSUPP", services=s, client=web)

Every answer is a message for the asker alone, including the problems: a period that cannot
be read, a person who cannot be found, TimeClock not answering, a refusal (recorded).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from tcbot.attendance.query import company_zone, fetch_hours
from tcbot.errors import (
    TcbotError,
    TimeClockAuthError,
    TimeClockError,
    TimeClockReplyError,
    WhoError,
)
from tcbot.policy.model import Team
from tcbot.slack import wording
from tcbot.slack.access import (
    is_admin,
    may_ask_about_others,
    may_see,
    may_see_team,
    refuse,
    teams_managed_by,
)
from tcbot.slack.blocks import Message, error_message
from tcbot.slack.blocks_hours import Presence, TeamPresence, hours_message, whosin_message
from tcbot.slack.mrkdwn import Person, truncate
from tcbot.slack.people import (
    Identity,
    Who,
    parse_hours_text,
    remember_match,
    slack_user_for_employee,
    unescape,
    who_is,
)
from tcbot.slack.presence import members_of, whereabouts
from tcbot.slack.timetext import zone_of
from tcbot.timeclock.records import Attendance, Employee

if TYPE_CHECKING:
    from tcbot.slack.app import Services

logger = logging.getLogger(__name__)

WHOSIN_METHODS = ("timesheet", "extended-sessions")


class _Refused(Exception):
    """Internal: the answer is a refusal message, already recorded."""

    def __init__(self, message: Message) -> None:
        self.message = message


# -- /hours ------------------------------------------------------------------------------------


def answer_hours(text: str, *, asker_id: str, services: Services, client: WebClient) -> Message:
    """The `/hours [who] [period]` answer for `asker_id`."""
    now = services.clock()
    try:
        return _hours(text, asker_id, services, client, now)
    except _Refused as refused:
        return refused.message
    except TimeClockError as error:
        return timeclock_problem(error, asking="/hours")
    except TcbotError as error:
        return error_message(str(error))


def _hours(
    text: str, asker_id: str, services: Services, client: WebClient, now: datetime
) -> Message:
    request = parse_hours_text(text)
    asker = who_is(asker_id, client=client, store=services.store, now=now)
    what = f"/hours {unescape(text).strip()}".strip()
    if not _names_self(request.who, asker) and not may_ask_about_others(asker_id, services.policy):
        raise _Refused(refuse(asker, request.who.typed, what, store=services.store, now=now))

    target = _target_identity(request.who, asker, client, services, now)
    lookup = target.lookup if target is not None else request.who.value
    if not lookup:
        raise WhoError(wording.NOT_FOUND_IN_TIMECLOCK.format(who="them", period=request.period))
    try:
        hours = fetch_hours(
            services.timeclock, services.policy, who=lookup, period=request.period, now=now
        )
    except WhoError:
        if request.who.kind in ("email", "number"):
            raise
        who = "you" if target is asker else "that person"
        raise WhoError(
            wording.NOT_FOUND_IN_TIMECLOCK.format(who=who, period=request.period)
        ) from None

    if not may_see(asker, hours.employee, services.policy):
        raise _Refused(refuse(asker, request.who.typed, what, store=services.store, now=now))
    if target is not None:
        remember_match(target, hours.employee, store=services.store, now=now)
        person = target.person(hours.employee)
    else:
        person = _person(hours.employee, client, services, now)
    zone = asker.tz or hours.timezone
    logger.info("hours answered asker=%s days=%d", asker_id, len(hours.days))
    answer = hours_message(hours, who=person, period_label=request.period, zone=zone)
    if request.share:
        # The asker chose to show it; refusals and errors above stay private regardless.
        return {**answer, "response_type": "in_channel"}
    return answer


def _names_self(who: Who, asker: Identity) -> bool:
    """Whether the asker plainly asked about themselves. An employee number is only known to be
    theirs once linked; an unknown one goes on to TimeClock and `may_see` decides."""
    if who.kind == "me":
        return True
    if who.kind == "slack":
        return who.value == asker.slack_user
    if who.kind == "email":
        return bool(asker.email) and who.value == asker.email
    return asker.employee_number is None or who.value == asker.employee_number


def _target_identity(
    who: Who, asker: Identity, client: WebClient, services: Services, now: datetime
) -> Identity | None:
    if who.kind == "me" or (who.kind == "slack" and who.value == asker.slack_user):
        return asker
    if who.kind == "slack":
        return who_is(who.value, client=client, store=services.store, now=now)
    return None


def _person(employee: Employee, client: WebClient, services: Services, now: datetime) -> Person:
    slack_user = slack_user_for_employee(employee, client=client, store=services.store, now=now)
    return Person(slack_user=slack_user, email=employee.email, number=employee.number)


# -- /whosin -----------------------------------------------------------------------------------


def answer_whosin(text: str, *, asker_id: str, services: Services, client: WebClient) -> Message:
    """The `/whosin [team]` answer: the named team (admins, or its managers), else the teams
    the asker manages, else the team they belong to."""
    now = services.clock()
    try:
        return _whosin(unescape(text).strip(), asker_id, services, client, now)
    except _Refused as refused:
        return refused.message
    except TimeClockError as error:
        return timeclock_problem(error, asking="/whosin")
    except TcbotError as error:
        return error_message(str(error))


def _whosin(
    name: str, asker_id: str, services: Services, client: WebClient, now: datetime
) -> Message:
    policy = services.policy
    asker = who_is(asker_id, client=client, store=services.store, now=now)
    teams = teams_managed_by(asker_id, policy)
    if name:
        team = _team_named(name, policy.teams)
        if not may_see_team(asker_id, team, policy):
            raise _Refused(
                refuse(
                    asker,
                    name,
                    f"/whosin {name}",
                    store=services.store,
                    now=now,
                    reply=wording.WHOSIN_REFUSAL,
                )
            )
        teams = [team]
    attendance = fetch_today(services, now)
    if not teams:
        teams = _own_teams(asker, attendance, services, now)
    zone = company_zone(policy, attendance)
    views = [
        team_presence(team, attendance, services, client=client, now=now, zone=zone)
        for team in teams
    ]
    shown_zone = asker.tz or zone
    messages = [
        whosin_message(view.name, view.in_now, view.at_lunch, view.not_in, zone=shown_zone, now=now)
        for view in views
    ]
    logger.info("whosin answered asker=%s teams=%d", asker_id, len(views))
    return {
        "text": "\n".join(m["text"] for m in messages),
        "blocks": [block for m in messages for block in m["blocks"]],
    }


def fetch_today(services: Services, now: datetime) -> Attendance:
    """Yesterday and today in the company's zone, with groups (for team membership)."""
    zone = services.policy.company_timezone()
    today = now.astimezone(zone_of(zone)).date()
    return services.timeclock.fetch(list(WHOSIN_METHODS), today - timedelta(days=1), today)


def team_presence(
    team: Team,
    attendance: Attendance,
    services: Services,
    *,
    client: WebClient,
    now: datetime,
    zone: str,
) -> TeamPresence:
    """A team's who's-in lists as messages show them (also for the manager's App Home);
    `zone` is the company's, as the caller worked it out from `attendance`."""
    found = whereabouts(
        members_of(team, attendance), attendance, services.policy, now=now, zone=zone
    )

    def person(employee: Employee) -> Person:
        return _person(employee, client, services, now)

    return TeamPresence(
        name=team.name,
        in_now=[Presence(person(e), since) for e, since in found.in_now],
        at_lunch=[Presence(person(e), since) for e, since in found.at_lunch],
        not_in=[Presence(person(e)) for e in found.not_in],
    )


def _team_named(name: str, teams: tuple[Team, ...]) -> Team:
    wanted = name.lstrip("#").strip().lower()
    for team in teams:
        if team.name.strip().lower() == wanted:
            return team
    names = ", ".join(team.name for team in teams) or "none yet"
    shown = truncate(name.strip(), 80)  # a 10,000-character name must not bury the list
    raise WhoError(wording.WHOSIN_UNKNOWN_TEAM.format(team=shown, teams=names))


def _own_teams(
    asker: Identity, attendance: Attendance, services: Services, now: datetime
) -> list[Team]:
    employee = attendance.find(asker.lookup) if asker.lookup else None
    teams = services.policy.teams_of(employee) if employee is not None else []
    if teams:
        if employee is not None:
            remember_match(asker, employee, store=services.store, now=now)
        return teams
    if is_admin(asker.slack_user, services.policy) and services.policy.teams:
        names = ", ".join(team.name for team in services.policy.teams)
        example = services.policy.teams[0].name
        raise WhoError(wording.WHOSIN_NAME_A_TEAM.format(example=example, teams=names))
    raise WhoError(wording.WHOSIN_NO_TEAM)


# -- problems ----------------------------------------------------------------------------------


def timeclock_problem(error: TimeClockError, *, asking: str) -> Message:
    """What the asker reads when TimeClock failed; the operator gets the detail in the log."""
    logger.warning(
        "timeclock failed command=%s method=%s error=%s", asking, error.method, type(error).__name__
    )
    if isinstance(error, TimeClockAuthError):
        return error_message(wording.TIMECLOCK_REFUSED)
    if isinstance(error, TimeClockReplyError):
        return error_message(wording.TIMECLOCK_CONFUSED)
    return error_message(wording.TIMECLOCK_DOWN)
