"""The demo's engine: the sandbox TimeClock and Slack on loopback, and the real bot between them.

    with Demo.start(clock=wall_clock) as demo:       # everything on 127.0.0.1, free ports
        demo.poll_once()                             # one poll, then delivery until drained
        for shown in demo.new_messages(): print(demo.render(shown))
        reply = demo.slash("/hours", "@dana this week", user=demo.user("noa"))
        reply = demo.press("ack", 1, user=demo.user("noa"))

Requests reach the bot as Slack sends them: over HTTP to its `/slack/events`, as forms signed
with the signing secret (`v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`), answers posted back to
a response_url the sandbox Slack hands out. Typed mentions are escaped as Slack escapes them.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from tcbot.errors import TcbotError
from tcbot.policy.load import parse_policy
from tcbot.runtime import Bot
from tcbot.sandbox.company import Company, build_company
from tcbot.sandbox.demo_people import DemoUser, directory, escape_mentions, find_user, users_of
from tcbot.sandbox.demo_requests import ack_messages, block_actions_form, signed_headers, slash_form
from tcbot.sandbox.demo_screen import Screen, Shown, version
from tcbot.sandbox.roster import ALERTS_CHANNEL, TEAM_CHANNELS
from tcbot.sandbox.slack_api import SandboxSlack, serve_slack
from tcbot.sandbox.slack_workspace import Workspace
from tcbot.sandbox.terminal import Directory, buttons_of
from tcbot.sandbox.timeclock_api import serve_timeclock
from tcbot.settings import Settings
from tcbot.slack.blocks import ACTION_ACK, ACTION_REMIND, ACTION_SNOOZE

EMPLOYEES = 40
DAYS = 14
ANSWER_WAIT_S = 10.0  # a listener's answer reaches response_url well within this
LOOK_EVERY_S = 0.05
DELIVER_EVERY = timedelta(seconds=2)
COMMAND_CHANNEL = ("C0GENERAL", "general")  # where the demo's people type their commands
PRESSES = {"ack": ACTION_ACK, "remind": ACTION_REMIND, "snooze": ACTION_SNOOZE}


class DemoError(TcbotError):
    """Something typed at the demo's prompt that cannot be done (an unknown user or message)."""


@dataclass(frozen=True, slots=True)
class Reply:
    """What the person who typed or pressed saw: the acknowledgement's own text (if any) and
    what reached the response_url, each a message."""

    sent_text: str
    answers: list[dict[str, Any]]


class Demo:
    """The running demo; build it with `Demo.start(...)`, stop it with `stop()`."""

    def __init__(
        self,
        *,
        company: Company,
        slack: SandboxSlack,
        bot: Bot,
        timeclock_url: str,
        secret: str,
        clock: Callable[[], datetime],
        closers: ExitStack,
    ) -> None:
        self.company = company
        self.slack = slack
        self.bot = bot
        self.timeclock_url = timeclock_url
        self.users = users_of(company, bot.policy)
        self.names: Directory = directory(self.users, slack.workspace)
        self._secret = secret
        self._clock = clock
        self._closers = closers
        self._http = closers.enter_context(httpx.Client(timeout=ANSWER_WAIT_S))
        self.screen = Screen(self.names, command_channel=COMMAND_CHANNEL[0])

    @classmethod
    def start(
        cls, *, clock: Callable[[], datetime], employees: int = EMPLOYEES, days: int = DAYS
    ) -> Demo:
        """Start both sandboxes and the bot in HTTP mode, its jobs not yet running (call
        `poll_once`, then `run_jobs`). `clock` drives the company and the bot alike."""
        company = build_company(employees=employees, days=days, now=clock())

        def company_clock() -> datetime:
            now = clock()
            # The sandbox TimeClock keeps time with the bot. TODO: a demo left running past
            # the company's midnight sees an empty new day (the company plans `days` days
            # only); matters only for sessions that last into the next day.
            company.set_now(now)
            return now

        with ExitStack() as undo:
            folder = Path(undo.enter_context(tempfile.TemporaryDirectory(prefix="tcbot-demo-")))
            policy_file = folder / "tcbot.toml"
            policy_file.write_text(company.policy_toml(), encoding="utf-8")
            timeclock_token = secrets.token_urlsafe(24)
            timeclock = undo.enter_context(serve_timeclock(company, token=timeclock_token))
            slack = undo.enter_context(serve_slack(_workspace(company)))
            secret = secrets.token_hex(16)
            # Built here, never from the environment: the operator's real tokens stay unused.
            settings = Settings(
                timeclock_token=timeclock_token,
                timeclock_url=timeclock.url,
                slack_bot_token=slack.workspace.bot_token,
                slack_signing_secret=secret,
                slack_api_url=slack.url,
                db_path=folder / "tcbot.db",
                config_path=policy_file,
            )
            bot = Bot(
                settings,
                clock=company_clock,
                policy=parse_policy(company.policy_toml(), source=str(policy_file)),
                http_mode=True,
                host="127.0.0.1",
                port=0,
                deliver_every=DELIVER_EVERY,
                channel_gap_s=0.0,
                http_threads=4,
            )
            undo.callback(bot.stop)
            bot.start(jobs=False)
            demo = cls(
                company=company,
                slack=slack,
                bot=bot,
                timeclock_url=timeclock.url,
                secret=secret,
                clock=company_clock,
                closers=undo.pop_all(),
            )
        return demo

    def stop(self) -> None:
        """Stop the bot (the job in flight finishes), both sandboxes, and remove the files."""
        self._closers.close()

    def __enter__(self) -> Demo:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- the bot's jobs ------------------------------------------------------------------------

    def poll_once(self) -> str:
        """One poll, then delivery until nothing is due; a line saying what happened."""
        result = self.bot.poller.poll(self._clock())
        sent = self.deliver()
        if result.error:
            return f"The poll failed: {result.error}"
        return (
            f"It read {result.records} punch records with {result.api_calls} API calls,"
            f" raised {result.raised} new alerts, and sent {sent} Slack messages."
        )

    def deliver(self) -> int:
        """Drain the outbox now (an alert's edits wait for its posts: a few passes); the
        number of rows sent."""
        sent = 0
        for _ in range(5):
            done = self.bot.delivery.deliver(self._clock(), limit=500)
            sent += done.sent
            if not done.sent:
                break
        return sent

    def run_jobs(self) -> None:
        """From now on the bot polls and delivers by itself, as `tcbot run` does. Its first
        poll, at once, finds nothing new after `poll_once`: an alert is claimed once."""
        self.bot.scheduler.start()

    # -- what Slack shows ----------------------------------------------------------------------

    def new_messages(self) -> list[Shown]:
        """Channel and DM messages posted or edited since the last call (see `Screen`)."""
        return self.screen.changes(self.slack.messages())

    # -- people --------------------------------------------------------------------------------

    def user(self, typed: str) -> DemoUser:
        found = find_user(self.users, typed)
        if found is None:
            raise DemoError(f"no demo user {typed!r}; type `users` to list them")
        return found

    # -- sending what Slack sends --------------------------------------------------------------

    def slash(self, command: str, typed: str, *, user: DemoUser) -> Reply:
        """A slash command typed by `user`; mentions are escaped as Slack escapes them."""
        text = escape_mentions(typed, self.users, self.slack.workspace.channels)
        response_url = self.slack.new_response_url()
        form = slash_form(
            command,
            text,
            user=user,
            team=self.slack.workspace.team_id,
            channel=COMMAND_CHANNEL,
            response_url=response_url,
            trigger_id=self._trigger_id(),
        )
        ack = self._post(form)
        return Reply(text, ack_messages(ack) + self._answers(response_url, done=lambda: False))

    def press(self, word: str, number: int, *, user: DemoUser) -> Reply:
        """`user` presses the button `word` (ack, remind, snooze) of message `number`; the
        answer is what reached the response_url once it came or the message was edited."""
        action_id = PRESSES.get(word)
        if action_id is None:
            raise DemoError(f"no button {word!r}; press one of: {', '.join(PRESSES)}")
        key = self.screen.message_at(number)
        if key is None:
            raise DemoError(f"no message [{number}] yet; the numbers are in brackets")
        message = self._message(key)
        button = next((b for b in buttons_of(message) if b["action_id"] == action_id), None)
        if button is None:
            raise DemoError(f"message [{number}] has no {word} button (any more)")
        response_url = self.slack.new_response_url()
        form = block_actions_form(
            message,
            button,
            user=user,
            team=self.slack.workspace.team_id,
            response_url=response_url,
            trigger_id=self._trigger_id(),
            now=self._clock(),
        )
        before = version(message)
        self._post(form)

        def edited() -> bool:
            return version(self._message(key)) != before

        return Reply(word, self._answers(response_url, done=edited))

    def _message(self, key: tuple[str, str]) -> dict[str, Any]:
        return next((m for m in self.slack.messages(key[0]) if m["ts"] == key[1]), {})

    def _post(self, body: str) -> str:
        url = self.bot.url
        assert url is not None  # the bot serves HTTP from start()
        headers = signed_headers(body, secret=self._secret, now=self._clock())
        try:
            reply = self._http.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise DemoError(f"tcbot did not answer at {url} ({type(error).__name__})") from None
        if reply.status_code != 200:
            raise DemoError(f"tcbot answered HTTP {reply.status_code}: {reply.text[:200]}")
        return reply.text

    def _answers(self, response_url: str, *, done: Callable[[], bool]) -> list[dict[str, Any]]:
        """What reaches `response_url`: waits (boundedly) for the first post, or for `done`."""
        response_id = response_url.rsplit("/", 1)[-1]
        deadline = time.monotonic() + ANSWER_WAIT_S
        while True:
            found = [r.body for r in self.slack.responses if r.id == response_id]
            if found or done() or time.monotonic() > deadline:
                return found
            time.sleep(LOOK_EVERY_S)

    def _trigger_id(self) -> str:
        return f"{secrets.randbelow(10**9)}.{int(self._clock().timestamp())}.demo"


def _workspace(company: Company) -> Workspace:
    channels = {ALERTS_CHANNEL: "attendance-alerts"}
    channels.update({channel: team.lower() for team, channel in TEAM_CHANNELS.items()})
    return Workspace(
        users=company.slack_users(),
        channels=channels,
        other_channels={COMMAND_CHANNEL[0]: COMMAND_CHANNEL[1]},
        bot_token=f"xoxb-demo-{secrets.token_hex(12)}",
    )
