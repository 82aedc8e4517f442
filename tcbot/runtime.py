"""One tcbot process: the Bolt app and the alert scheduler over one store, started and stopped
together.

    bot = Bot(settings, clock=lambda: datetime.now(UTC), host="127.0.0.1", port=3000)
    bot.start()   # Slack first (HTTP, or socket mode with SLACK_APP_TOKEN), then the scheduler
    ...
    bot.stop()    # no new requests; the job in flight finishes; clients and the store close

`Bot` reads neither the environment nor the wall clock: the entry point (`tcbot run`, or the
demo) hands it checked `Settings` and a `clock`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, timedelta
from types import TracebackType
from urllib.error import URLError

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError

from tcbot.alerts.digest import Digest, Purge
from tcbot.alerts.plan import Planner
from tcbot.alerts.poll import Poller
from tcbot.errors import ConfigError, TcbotError
from tcbot.policy.durations import format_duration
from tcbot.policy.load import load_policy
from tcbot.policy.model import Policy
from tcbot.schedule import DELIVER_EVERY, PURGE_AT, Jobs, build_scheduler
from tcbot.settings import Settings
from tcbot.slack.app import Services, build_app, web_client
from tcbot.slack.delivery import CHANNEL_GAP_S, Delivery
from tcbot.slack.http_server import DEFAULT_THREADS, EVENTS_PATH, HttpServer, serve_http
from tcbot.store import Store
from tcbot.timeclock.client import INTERACTIVE_RETRY_BUDGET, TimeClockClient

log = logging.getLogger(__name__)


class Bot:
    """Settings + policy + store + TimeClock client + Slack client + Bolt app + poller +
    delivery + scheduler, assembled but not started.

    - `settings`: already checked (`tcbot.checks.check_startup`); tokens and URLs come only
      from here, so the demo passes settings that point at the sandboxes.
    - `clock`: the only source of `now` for the jobs and listeners.
    - `policy`: the policy in force; read from `settings.config_path` when not given.
    - `http_mode`: None means socket mode when `settings.slack_app_token` is set, else HTTP.
    - `host`, `port`: where HTTP mode listens (port 0 picks a free one; see `url`); socket
      mode ignores them.
    - `verify_token`: let Bolt check the bot token with `auth.test` while assembling, so a
      refused token stops the start with one clear line.
    - `deliver_every`, `channel_gap_s`: how often the outbox drains and how far apart posts
      to one channel go (the demo and tests shorten both).

    Its parts are public for the demo and tests: `app`, `store`, `poller`, `delivery`,
    `scheduler`. Raises `TcbotError` (already-readable) when a part cannot be assembled;
    whatever was opened by then is closed again.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], datetime],
        policy: Policy | None = None,
        http_mode: bool | None = None,
        host: str,
        port: int,
        verify_token: bool = True,
        deliver_every: timedelta = DELIVER_EVERY,
        channel_gap_s: float = CHANNEL_GAP_S,
        http_threads: int = DEFAULT_THREADS,
    ) -> None:
        self.settings = settings
        self.http_mode = not settings.socket_mode if http_mode is None else http_mode
        self.policy = load_policy(settings.config_path) if policy is None else policy
        # With no `timezone` in the policy this starts as UTC; the first good poll takes the
        # zone from the sessions (PRODUCT.md) and moves the digest and purge to it.
        # TODO: /tcbot status and App Home still show times in the policy's zone (UTC when
        # unset) rather than the learnt one; matters only for policies without `timezone`.
        self.zone = self.policy.company_timezone()
        self._host, self._port, self._threads = host, port, http_threads
        self._listener: HttpServer | _SocketMode | None = None
        self._lock = threading.Lock()
        self._started = self._stopped = False
        problems = settings.problems(http_mode=self.http_mode)
        if problems:
            raise problems[0]
        with ExitStack() as undo:
            self.store = Store.open(settings.db_path)
            undo.callback(self.store.close)
            self.timeclock = TimeClockClient(
                url=settings.timeclock_url, token=settings.require_timeclock()
            )
            undo.callback(self.timeclock.close)
            # People wait on slash commands: their client gives up sooner than the poller's.
            self.answers_timeclock = TimeClockClient(
                url=settings.timeclock_url,
                token=settings.require_timeclock(),
                retry_budget=INTERACTIVE_RETRY_BUDGET,
            )
            undo.callback(self.answers_timeclock.close)
            self.app = self._build_app(clock, verify_token=verify_token)
            planner = Planner(store=self.store, policy=self.policy)
            self.poller = Poller(
                client=self.timeclock, store=self.store, policy=self.policy, planner=planner
            )
            self.delivery = Delivery(
                client=self.app.client,
                store=self.store,
                policy=self.policy,
                channel_gap_s=channel_gap_s,
            )
            self.scheduler = self._build_scheduler(planner, clock, deliver_every)
            self._closers = undo.pop_all()

    # -- assembling ------------------------------------------------------------------------

    def _follow_zone(self, zone: str | None) -> None:
        """Move the digest and purge to the company's zone once a poll has told it."""
        if self.policy.timezone or zone is None or zone == self.zone:
            return
        self.zone = self._digest.zone = zone
        for job_id, (hour, minute) in (
            ("digest", (self.policy.digest_at.hour, self.policy.digest_at.minute)),
            ("purge", PURGE_AT),
        ):
            if self.scheduler.get_job(job_id) is not None:
                trigger = CronTrigger(hour=hour, minute=minute, timezone=zone)
                self.scheduler.reschedule_job(job_id, trigger=trigger)
        log.info("company timezone taken from the sessions zone=%s", zone)

    def _build_app(self, clock: Callable[[], datetime], *, verify_token: bool) -> App:
        settings = self.settings
        assert settings.slack_bot_token is not None  # settings.problems() said so
        client = web_client(token=settings.slack_bot_token, base_url=settings.slack_api_url)
        services = Services(
            policy=self.policy, store=self.store, timeclock=self.answers_timeclock, clock=clock
        )
        secret = settings.slack_signing_secret if self.http_mode else None
        try:
            return build_app(
                services, client=client, signing_secret=secret, verify_token=verify_token
            )
        except BoltError as error:
            # Bolt's auth.test failed: the token was refused (its text names Slack's error).
            raise ConfigError(
                "SLACK_BOT_TOKEN", f"Slack did not accept it ({error}); `tcbot doctor` says more"
            ) from None
        except (URLError, SlackClientError, OSError) as error:
            raise TcbotError(
                f"cannot reach Slack at {settings.slack_api_url} ({_reason(error)});"
                " check SLACK_API_URL and the network"
            ) from None

    def _build_scheduler(
        self, planner: Planner, clock: Callable[[], datetime], deliver_every: timedelta
    ) -> BackgroundScheduler:
        poller = self.poller
        digest = Digest(
            store=self.store,
            policy=self.policy,
            planner=planner,
            employees=lambda: poller.employees,
            zone=self.zone,
        )
        purge = Purge(store=self.store, policy=self.policy)
        self._digest = digest

        def poll(now: datetime) -> None:
            poller.poll(now)
            self._follow_zone(poller.zone)

        jobs = Jobs(poll=poll, deliver=self.delivery.deliver, digest=digest.run, purge=purge.run)
        return build_scheduler(
            jobs, self.policy, zone=self.zone, clock=clock, deliver_every=deliver_every
        )

    # -- running ---------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return "http" if self.http_mode else "socket"

    @property
    def url(self) -> str | None:
        """Where Slack sends requests in HTTP mode (`.../slack/events`), once started."""
        if isinstance(self._listener, HttpServer):
            return self._listener.url + EVENTS_PATH
        return None

    def describe(self) -> str:
        """The startup line's details, as key=value pairs; never a token."""
        where = f"url={self.url}" if self.http_mode else f"slack_api={self.settings.slack_api_url}"
        policy = self.settings.config_path or "built-in defaults"
        return (
            f"mode={self.mode} {where} db={self.settings.db_path} policy={policy}"
            f" poll_every={format_duration(self.policy.poll_every)} zone={self.zone}"
        )

    def start(self, *, jobs: bool = True) -> None:
        """Listen for Slack, then start the jobs (the first poll runs at once). `jobs=False`
        serves Slack only: the caller runs `poller.poll` and `delivery.deliver` itself."""
        with self._lock:
            if self._started:
                raise RuntimeError("a Bot starts once")
            self._started = True
            if self.http_mode:
                self._listener = self._serve_http()
            else:
                self._listener = _SocketMode.connect(self.app, self.settings)
            if jobs:
                self.scheduler.start()
        log.info("tcbot started %s", self.describe())

    def _serve_http(self) -> HttpServer:
        try:
            return serve_http(self.app, host=self._host, port=self._port, threads=self._threads)
        except OSError as error:
            raise TcbotError(
                f"cannot listen on {self._host}:{self._port} ({error.strerror or error});"
                " pick another --port or --host"
            ) from None
        except ValueError:  # waitress: not an address it can bind
            raise TcbotError(
                f"{self._host!r} is not an address to listen on; use an IP such as 0.0.0.0"
                " or 127.0.0.1 with --host"
            ) from None

    def stop(self) -> None:
        """Stop taking requests, let the job in flight finish, close everything. Idempotent."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            if self._listener is not None:
                self._listener.stop()
            if self.scheduler.running:
                self.scheduler.shutdown(wait=True)
            self._closers.close()
        log.info("tcbot stopped mode=%s", self.mode)

    def __enter__(self) -> Bot:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class _SocketMode:
    """Bolt's socket-mode handler, connected without blocking the caller."""

    def __init__(self, handler: SocketModeHandler) -> None:
        self._handler = handler

    @classmethod
    def connect(cls, app: App, settings: Settings) -> _SocketMode:
        handler = SocketModeHandler(app, settings.slack_app_token)
        try:
            handler.connect()
        except SlackApiError as error:
            handler.close()
            raise ConfigError(
                "SLACK_APP_TOKEN",
                f"Slack refused the socket-mode connection ({error.response.get('error')});"
                " use an app-level token with connections:write, with socket mode on",
            ) from None
        except (URLError, SlackClientError, OSError) as error:
            handler.close()
            raise TcbotError(
                f"cannot open socket mode at {settings.slack_api_url} ({_reason(error)})"
            ) from None
        log.info("socket mode connected")
        return cls(handler)

    def stop(self) -> None:
        self._handler.close()


def _reason(error: BaseException) -> str:
    return str(getattr(error, "reason", None) or error)
