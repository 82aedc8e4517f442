"""What the person at the demo's terminal has seen of Slack: each message numbered once (for
`press ack N`), shown again only when it is edited, and rendered by `tcbot.sandbox.terminal`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tcbot.sandbox.terminal import EPHEMERAL, Directory, render_message


@dataclass(frozen=True, slots=True)
class Shown:
    """A message in a channel or DM, with the number the screen gave it."""

    number: int
    channel: str
    message: dict[str, Any]
    edited: bool


class Screen:
    """Numbers and versions of the messages shown so far. `names` names the ids; commands are
    typed in `command_channel`, where an `in_channel` answer shows."""

    def __init__(self, names: Directory, *, command_channel: str) -> None:
        self.names = names
        self._command_channel = command_channel
        self._numbers: dict[tuple[str, str], int] = {}
        self._versions: dict[tuple[str, str], str] = {}

    def changes(self, messages: Iterable[dict[str, Any]]) -> list[Shown]:
        """Of `messages` (the workspace's, in posting order), those new or edited since the
        last call: grouped by where they are (channels first, then DMs), in posting order
        within each; a new one takes the next number."""
        changed: list[tuple[tuple[str, str], dict[str, Any]]] = []
        for message in messages:
            key = (str(message["channel"]), str(message["ts"]))
            if self._versions.get(key) != version(message):
                self._versions[key] = version(message)
                changed.append((key, message))
        places = list(dict.fromkeys(key[0] for key, _ in changed))
        changed.sort(key=lambda found: (found[0][0] in self.names.dms, places.index(found[0][0])))
        shown: list[Shown] = []
        for key, message in changed:
            edited = key in self._numbers
            number = self._numbers.setdefault(key, len(self._numbers) + 1)
            shown.append(Shown(number, key[0], message, edited))
        return shown

    def number_of(self, channel: str, ts: str) -> int | None:
        """The number a message was shown with; None if it was not shown yet."""
        return self._numbers.get((channel, ts))

    def message_at(self, number: int) -> tuple[str, str] | None:
        """(channel, ts) of the message shown as `number`."""
        return next((key for key, n in self._numbers.items() if n == number), None)

    def render(self, shown: Shown) -> str:
        return render_message(
            shown.message,
            where=self.names.where(shown.channel),
            names=self.names,
            number=shown.number,
            note="edited" if shown.edited else None,
        )

    def render_answer(self, answer: dict[str, Any]) -> str:
        """An answer posted to a response_url: private unless it says `in_channel`."""
        where = EPHEMERAL
        if answer.get("response_type") == "in_channel":
            where = f"{self.names.channel(self._command_channel)}, for everyone"
        return render_message(answer, where=where, names=self.names)


def version(message: dict[str, Any]) -> str:
    """Changes whenever the message is edited."""
    return str((message.get("edited") or {}).get("ts", message.get("ts", "")))
