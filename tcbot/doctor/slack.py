"""Doctor's Slack checks: the bot token (`auth.test`), the scopes it was granted, the channels
the policy posts to and the people it names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from tcbot.doctor.findings import Finding, fail, note, ok
from tcbot.policy.model import Policy
from tcbot.settings import Settings

# The bot scopes the features need, exactly as manifest.yml grants them (a test keeps the two
# in step), and what each is for.
NEEDED_SCOPES = {
    "commands": "the /hours, /whosin and /tcbot commands",
    "chat:write": "posting alerts and answers",
    "im:write": "DMs to managers and employees",
    "users:read": "knowing who is asking",
    "users:read.email": "matching Slack users to TimeClock employees by email",
    "channels:read": "checking the bot is in its public channels",
    "groups:read": "checking the bot is in its private channels",
}
TIMEOUT_S = 10
MAX_PAGES = 20  # of users.conversations, 200 channels each
NETWORK_ERRORS = (SlackClientError, OSError)


def slack_findings(settings: Settings, policy: Policy) -> list[Finding]:
    url = settings.slack_api_url
    client = WebClient(token=settings.slack_bot_token, base_url=url, timeout=TIMEOUT_S)
    try:
        auth = client.auth_test()
    except SlackApiError as error:
        if not isinstance(error.response.get("error"), str):
            # No Slack error code: whatever answered is not Slack's Web API.
            return [
                fail(
                    f"{url} did not answer as Slack's Web API does (HTTP"
                    f" {error.response.status_code}); check SLACK_API_URL"
                    " (normally https://slack.com/api/)"
                )
            ]
        return [
            fail(
                f"Slack refused SLACK_BOT_TOKEN ({_code(error)}): reinstall the app to the"
                " workspace and export its Bot User OAuth Token (xoxb-...)"
            ),
            note("Slack scopes, channels and people not checked: they need a working token"),
        ]
    except NETWORK_ERRORS as error:
        return [fail(f"Slack at {url} cannot be reached ({_reason(error)}); check SLACK_API_URL")]
    bot = str(auth.get("user") or "tcbot")
    findings = [ok(f"SLACK_BOT_TOKEN works: bot @{bot} in the {auth.get('team')} workspace")]
    findings.extend(scope_findings(auth.headers))
    findings.extend(channel_findings(client, policy, bot=bot))
    findings.extend(people_findings(client, policy))
    return findings


def scope_findings(headers: Mapping[str, Any]) -> list[Finding]:
    granted_text = _header(headers, "x-oauth-scopes")
    if granted_text is None:
        return [note("Slack did not say which scopes the token has; scopes not checked")]
    granted = {scope.strip() for scope in granted_text.split(",")}
    missing = [scope for scope in NEEDED_SCOPES if scope not in granted]
    if not missing:
        return [ok(f"the token has all {len(NEEDED_SCOPES)} scopes the features need")]
    return [
        fail(
            f"the token lacks the {scope} scope ({NEEDED_SCOPES[scope]}): add it under OAuth &"
            " Permissions > Bot Token Scopes (manifest.yml lists them all), then reinstall the app"
        )
        for scope in missing
    ]


def channel_findings(client: WebClient, policy: Policy, *, bot: str) -> list[Finding]:
    roles: dict[str, list[str]] = {}
    if policy.alerts_channel:
        roles.setdefault(policy.alerts_channel, []).append("the alerts channel")
    for team in policy.teams:
        if team.channel:
            roles.setdefault(team.channel, []).append(f"the {team.name} team's channel")
    if not roles:
        return [note("the policy names no alerts_channel and no team channel: no channel alerts")]
    joined: list[set[str]] = []  # the bot's channel names, fetched once if a #name needs it
    findings: list[Finding] = []
    for channel, its_roles in roles.items():
        role = " and ".join(its_roles)
        if channel.startswith("#"):
            findings.append(_named_channel(client, channel, role, bot, joined))
        else:
            findings.append(_channel(client, channel, role, bot))
    return findings


def _channel(client: WebClient, channel: str, role: str, bot: str) -> Finding:
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as error:
        code = _code(error)
        if code == "channel_not_found":
            return fail(
                f"channel {channel} ({role}) was not found: it does not exist, or it is private"
                f" and @{bot} was not invited; fix the ID in TCBOT_CONFIG or invite the bot"
            )
        return fail(f"cannot check channel {channel} ({role}): {_api_problem(error)}")
    except NETWORK_ERRORS as error:
        return fail(f"cannot check channel {channel} ({role}): {_reason(error)}")
    name = f"#{info.get('name', channel)}"
    if info.get("is_member"):
        return ok(f"@{bot} is in {name} ({channel}), {role}")
    return fail(f"@{bot} is not in {name} ({channel}), {role}: type `/invite @{bot}` in {name}")


def _named_channel(
    client: WebClient, channel: str, role: str, bot: str, joined: list[set[str]]
) -> Finding:
    if not joined:
        try:
            joined.append(_joined_names(client))
        except SlackApiError as error:
            return fail(f"cannot check {channel} ({role}): {_api_problem(error)}")
        except NETWORK_ERRORS as error:
            return fail(f"cannot check {channel} ({role}): {_reason(error)}")
    if channel.removeprefix("#") in joined[0]:
        return ok(f"@{bot} is in {channel}, {role}")
    return fail(
        f"@{bot} is not in {channel}, {role}: type `/invite @{bot}` there, or fix the name"
        " in TCBOT_CONFIG"
    )


def _joined_names(client: WebClient) -> set[str]:
    names: set[str] = set()
    cursor = None
    for _ in range(MAX_PAGES):
        page = client.users_conversations(
            types="public_channel,private_channel", exclude_archived=True, limit=200, cursor=cursor
        )
        channels: list[dict[str, Any]] = page.get("channels") or []
        names.update(str(channel.get("name")) for channel in channels)
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return names


def people_findings(client: WebClient, policy: Policy) -> list[Finding]:
    roles: dict[str, list[str]] = {}
    for admin in policy.admins:
        roles.setdefault(admin, []).append("admin")
    for team in policy.teams:
        for manager in team.managers:
            roles.setdefault(manager, []).append(f"manager of {team.name}")
    if not roles:
        return [note("the policy names no admins and no team managers")]
    findings: list[Finding] = []
    for user_id, its_roles in roles.items():
        who = f"{user_id} ({', '.join(its_roles)})"
        try:
            user = client.users_info(user=user_id)["user"]
        except SlackApiError as error:
            if _code(error) != "user_not_found":
                # The same answer would come for everyone (a missing scope, say): say it once.
                return [*findings, fail(f"cannot check {who}: {_api_problem(error)}")]
            findings.append(
                fail(
                    f"{who} is not a user in this workspace; fix the ID in TCBOT_CONFIG"
                    " (the person's Slack profile > ... > Copy member ID)"
                )
            )
            continue
        except NETWORK_ERRORS as error:
            return [*findings, fail(f"cannot check {who}: {_reason(error)}")]
        if user.get("deleted"):
            findings.append(fail(f"{who} is deactivated in Slack; replace them in TCBOT_CONFIG"))
    if not findings:
        return [ok(f"all {len(roles)} admins and managers the policy names are Slack users")]
    return findings


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    """A response header, whatever case the server wrote its name in."""
    for key, value in headers.items():
        if key.lower() == name:
            return str(value)
    return None


def _code(error: SlackApiError) -> str:
    return str(error.response.get("error") or f"HTTP {error.response.status_code}")


def _api_problem(error: SlackApiError) -> str:
    code = _code(error)
    if code == "missing_scope":
        needed = error.response.get("needed") or "a scope"
        return f"the token lacks {needed} (see the scope lines above)"
    return f"Slack answered {code}"


def _reason(error: BaseException) -> str:
    return str(getattr(error, "reason", None) or error)
