"""`tcbot demo [--once]`: the whole bot against the sandbox company and the sandbox Slack.

An entry point: it hands the wall clock to the demo, reads the prompt's lines from stdin and
prints what Slack would show. No accounts, no environment tokens, nothing beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import io
import logging
import signal
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

from tcbot.errors import TcbotError
from tcbot.sandbox.terminal import buttons_of

if TYPE_CHECKING:
    from tcbot.sandbox.demo import Demo, Reply
    from tcbot.sandbox.demo_people import DemoUser
    from tcbot.sandbox.demo_screen import Shown

START_AS = "dana"
KNOWN_USERS_SHOWN = 8  # the roster's named people; the rest are listed by count
COMMANDS = ("/hours", "/whosin", "/tcbot")
SAMPLES = (  # (who types, command, text): one per kind of person
    ("noa", "/hours", "@dana this week"),
    ("dana", "/hours", "me last week"),
    ("noa", "/whosin", ""),
    ("ruth", "/tcbot", "status"),
)
HELP = """\
At the prompt, type what a person would type in Slack:
  /hours [@someone|me] [period]   e.g. /hours @dana this week, /hours me last week
  /whosin [team]                  who is in, at lunch, or not in yet
  /tcbot status | rules | help    the admin's view (type `as @ruth` first)
  as @maya                        type as someone else; `users` lists them
  press ack N | remind N | snooze N   press a button of message [N]
  (an empty line shows what is new in Slack)   help   quit"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--once",
        action="store_true",
        help="one poll and a few sample commands, printed; then exit",
    )


def run(args: argparse.Namespace) -> int:
    # Imported here so that `tcbot --help` stays quick.
    from tcbot.sandbox.demo import Demo

    root = logging.getLogger()
    level = root.level
    if not getattr(args, "verbose", False):
        # The terminal is the demo's screen: the bot's own log lines would interleave with it.
        root.setLevel(logging.WARNING)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")  # a terminal without UTF-8 still reads it
    out = sys.stdout
    previous = signal.signal(signal.SIGTERM, _interrupt)  # stop as cleanly as on Ctrl-C
    try:
        with Demo.start(clock=lambda: datetime.now(UTC)) as demo:
            _show_first_poll(demo, out)
            if args.once:
                _samples(demo, out)
            else:
                demo.run_jobs()
                _session(demo, sys.stdin, out)
    except KeyboardInterrupt:
        print(file=out)
    except BrokenPipeError:
        pass  # the reader went away (`| head`); nothing is left to show
    finally:
        signal.signal(signal.SIGTERM, previous)
        root.setLevel(level)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


# -- the screens -------------------------------------------------------------------------------


def _banner(demo: Demo, out: TextIO) -> None:
    people = len(demo.company.people)
    days = (demo.company.today - demo.company.first_day).days + 1
    about = (
        "The whole tcbot, unchanged, against two stand-ins running on this computer: a sandbox"
        f" TimeClock 365 holding a made-up company ({people} people, {days} days of punches,"
        " a few problems planted on purpose) and a sandbox Slack. No accounts are needed and"
        " nothing leaves 127.0.0.1. Below is what Slack would show."
    )
    print(
        f"tcbot demo\n==========\n{textwrap.fill(about, width=90)}\n\n"
        f"  sandbox TimeClock 365   {demo.timeclock_url}\n"
        f"  sandbox Slack           {demo.slack.url}\n"
        f"  tcbot, HTTP mode        {demo.bot.url}",
        file=out,
    )


def _show_first_poll(demo: Demo, out: TextIO) -> None:
    _banner(demo, out)
    _title("1. tcbot polls TimeClock once", out)
    print(demo.poll_once(), file=out)
    _title("2. What Slack shows: alerts in channels, DMs to managers and employees", out)
    _print_messages(demo.new_messages(), demo, out)


def _title(text: str, out: TextIO) -> None:
    print(f"\n{text}\n{'-' * len(text)}", file=out)


def _print_messages(found: list[Shown], demo: Demo, out: TextIO) -> None:
    for shown in found:
        print(f"\n{demo.screen.render(shown)}", file=out)


def _print_reply(reply: Reply, demo: Demo, out: TextIO) -> None:
    if not reply.answers:
        print("  (no private answer; see the message itself below)", file=out)
    for answer in reply.answers:
        print(demo.screen.render_answer(answer), file=out)


def _samples(demo: Demo, out: TextIO) -> None:
    _title("3. Slash commands, signed and sent to tcbot's endpoint as Slack sends them", out)
    for typed_by, command, text in SAMPLES:
        user = demo.user(typed_by)
        print(f"\n{user.name} ({user.about}) types:  {command} {text}".rstrip(), file=out)
        reply = demo.slash(command, text, user=user)
        if reply.sent_text != text:
            print(f"  (Slack sends the text as: {reply.sent_text})", file=out)
        _print_reply(reply, demo, out)
    _sample_press(demo, out)


def _sample_press(demo: Demo, out: TextIO) -> None:
    """A manager acknowledges an alert in their DM; every copy of it is edited."""
    _title("4. A button: a manager presses [ Acknowledge ]", out)
    from tcbot.sandbox.demo import PRESSES

    for message in demo.slack.messages():
        user = demo.names.dms.get(str(message["channel"]))
        has_ack = any(b["action_id"] == PRESSES["ack"] for b in buttons_of(message))
        number = demo.screen.number_of(str(message["channel"]), str(message["ts"]))
        if user and has_ack and number and demo.names.roles.get(user) == "manager":
            presser = demo.user(user)
            print(f"{presser.name} presses [ Acknowledge ] on message [{number}].", file=out)
            reply = demo.press("ack", number, user=presser)
            for answer in reply.answers:
                print(demo.screen.render_answer(answer), file=out)
            demo.deliver()
            print("Every copy of the alert now says so, and its button is gone:", file=out)
            _print_messages(demo.new_messages(), demo, out)
            return
    print("(no alert reached a manager this time, so there is no button to press)", file=out)


# -- the prompt --------------------------------------------------------------------------------


def _session(demo: Demo, stdin: TextIO, out: TextIO) -> None:
    _title("3. Your turn", out)
    print(HELP, file=out)
    user = demo.user(START_AS)
    read = _reader(stdin, out)
    while True:
        _print_messages(demo.new_messages(), demo, out)
        line = read(f"\nyou (@{user.short}) > ")
        if line is None:
            return
        line = line.strip()
        if line in ("quit", "exit", "q"):
            return
        try:
            user = _one_line(line, user, demo, out)
        except TcbotError as problem:
            print(problem, file=out)


def _one_line(line: str, user: DemoUser, demo: Demo, out: TextIO) -> DemoUser:
    """Carry out one typed line; the user typing from now on."""
    word, _, rest = line.partition(" ")
    if not line:
        return user
    if word in COMMANDS:
        _print_reply(demo.slash(word, rest.strip(), user=user), demo, out)
    elif word == "as":
        user = demo.user(rest)
        print(f"Now typing as {user.name} ({user.about}).", file=out)
    elif word == "users":
        _list_users(demo, out)
    elif word == "press":
        button, _, number = rest.strip().partition(" ")
        if not number.strip().isdigit():
            print(
                "Write it as: press ack 3 (or remind, snooze) and the message's number.", file=out
            )
            return user
        _print_reply(demo.press(button, int(number), user=user), demo, out)
        demo.deliver()  # what the press queued (a reminder, the other copies' edits) goes now
    elif word == "help":
        print(HELP, file=out)
    else:
        print(f"{word!r} is not something the demo knows; type `help`.", file=out)
    return user


def _list_users(demo: Demo, out: TextIO) -> None:
    for user in demo.users[:KNOWN_USERS_SHOWN]:
        print(f"  @{user.short:<8} {user.name:<18} {user.about}", file=out)
    more = demo.users[KNOWN_USERS_SHOWN:]
    if more:
        print(f"  ...and {len(more)} more employees, e.g. @{more[0].short}", file=out)


def _reader(stdin: TextIO, out: TextIO) -> Callable[[str], str | None]:
    """Reads one line after a prompt; None at the end of input. Piped input is echoed so the
    transcript reads as it was typed."""
    interactive = stdin.isatty()

    def read(prompt: str) -> str | None:
        if interactive:
            try:
                return input(prompt)
            except EOFError:
                print(file=out)
                return None
        print(prompt, end="", file=out, flush=True)
        line = stdin.readline()
        if not line:
            print(file=out)
            return None
        print(line.rstrip("\n"), file=out)
        return line

    return read
