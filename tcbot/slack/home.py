"""The App Home tab: what each person sees when they open tcbot. No Bolt here.

A manager (anyone in a team's `managers`) sees their teams' open alerts about today, or still
ongoing, with the alert buttons, then who is in on each team. Everyone else sees their own
hours this week. Someone TimeClock does not know gets a friendly page saying so, and when
TimeClock does not answer the page says that instead of showing stale numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from tcbot.alerts.model import Alert
from tcbot.alerts.plan import view_of
from tcbot.attendance.query import company_zone, fetch_hours
from tcbot.errors import TcbotError, TimeClockError, WhoError
from tcbot.policy.model import Team
from tcbot.slack import wording
from tcbot.slack.access import teams_managed_by
from tcbot.slack.answers import fetch_today, team_presence
from tcbot.slack.app import Services
from tcbot.slack.blocks import AlertView, header, section
from tcbot.slack.blocks_hours import employee_home_view, manager_home_view
from tcbot.slack.mrkdwn import Person, escape, truncate
from tcbot.slack.people import slack_user_for_employee, who_is
from tcbot.slack.timetext import local
from tcbot.store import StoredAlert
from tcbot.timeclock.records import Attendance, Employee, email_key

log = logging.getLogger(__name__)

HOME_PERIOD = "this week"
View = dict[str, Any]


def publish(user: str, *, services: Services, client: WebClient, now: datetime) -> None:
    """Build `user`'s App Home and publish it (views.publish)."""
    client.views_publish(
        user_id=user, view=home_view(user, services=services, client=client, now=now)
    )


def home_view(user: str, *, services: Services, client: WebClient, now: datetime) -> View:
    teams = teams_managed_by(user, services.policy)
    try:
        if teams:
            return manager_view(teams, services=services, client=client, now=now)
        return employee_view(user, services=services, client=client, now=now)
    except TimeClockError as error:
        log.warning("home without timeclock user=%s error=%s", user, type(error).__name__)
        return notice_view(wording.HOME_TIMECLOCK_DOWN)
    except WhoError:
        return notice_view(wording.HOME_UNKNOWN)
    except TcbotError as error:  # e.g. a missing Slack scope: say what is wrong
        return notice_view(escape(truncate(str(error), 1000)))


def manager_view(
    teams: Sequence[Team], *, services: Services, client: WebClient, now: datetime
) -> View:
    attendance = fetch_today(services, now)
    zone = company_zone(services.policy, attendance)
    alerts = teams_alerts(teams, attendance, services.store.alerts.open_alerts(now=now), now=now)
    people = {
        stored.alert.employee: _person(stored.alert, attendance, services, client, now)
        for stored, _ in alerts
    }
    presence = [
        team_presence(t, attendance, services, client=client, now=now, zone=zone) for t in teams
    ]
    shown = [(stored.alert, view) for stored, view in alerts]
    return manager_home_view(shown, presence, zone=zone, now=now, people=people)


def teams_alerts(
    teams: Sequence[Team],
    attendance: Attendance,
    open_alerts: Sequence[StoredAlert],
    *,
    now: datetime,
) -> list[tuple[StoredAlert, AlertView]]:
    """Open alerts about the teams' members that concern today (in the employee's zone) or
    are still ongoing (an open session or lunch from yesterday matters today too)."""
    chosen: list[tuple[StoredAlert, AlertView]] = []
    for stored in open_alerts:
        alert = stored.alert
        employee = attendance.employees.get(alert.employee) or _known(alert)
        if not any(team.has_member(employee) for team in teams):
            continue
        if alert.ongoing or alert.date == local(now, alert.timezone).date():
            chosen.append((stored, view_of(stored, now)))
    return chosen


def employee_view(user: str, *, services: Services, client: WebClient, now: datetime) -> View:
    identity = who_is(user, client=client, store=services.store, now=now)
    if identity.lookup is None:
        return notice_view(wording.HOME_UNKNOWN)
    hours = fetch_hours(
        services.timeclock, services.policy, who=identity.lookup, period=HOME_PERIOD, now=now
    )
    zone = identity.tz or services.policy.company_timezone()
    return employee_home_view(
        hours, who=identity.person(), period_label=HOME_PERIOD, zone=zone, now=now
    )


def notice_view(text: str) -> View:
    """A home with one short note: TimeClock down, or a person tcbot does not know."""
    blocks = [header(wording.HOME_UNKNOWN_TITLE), section(text)]
    return {"type": "home", "blocks": [block.to_dict() for block in blocks]}


def _known(alert: Alert) -> Employee:
    return Employee(alert.employee, email_key(alert.email))


def _person(
    alert: Alert, attendance: Attendance, services: Services, client: WebClient, now: datetime
) -> Person:
    employee = attendance.employees.get(alert.employee) or _known(alert)
    slack_user = slack_user_for_employee(employee, client=client, store=services.store, now=now)
    return Person(slack_user=slack_user, email=alert.email, number=alert.employee)
