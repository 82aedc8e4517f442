"""Slack messages as a terminal shows them: Block Kit turned into readable lines, for the demo.

    names = Directory(users={"U1001": "Dana Levi"}, channels={"C0SUPPORT": "support"})
    print(render_message(message, where=names.where("C0SUPPORT"), names=names, number=3))

Mentions and channel links become names (`<@U1001>` → `@Dana Levi`, `<#C0SUPPORT>` →
`#support`), `*bold*` is shown plainly, entities are unescaped, buttons read
`[ Acknowledge ] [ Snooze for today ]`, and a first line says where the message was posted.
Pure functions: no I/O.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

EPHEMERAL = "only visible to you"
INDENT = "    "
WIDTH = 100
RULE = "-" * 48
FIELD_GAP = 3

# <@U123>, <@U123|name>, <#C123>, <#C123|name>, <!here>, <!date^...|fallback>, <url|label>.
_ANGLED = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")
# *bold* and _italic_ as Slack reads them: not inside a word, not spanning lines, not empty.
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])")
_FENCE = "```"


@dataclass(frozen=True, slots=True)
class Directory:
    """The names the renderer shows for Slack ids.

    `users`: user id → name (`Dana Levi`); `channels`: channel id → name without `#`;
    `dms`: DM channel id → the user id it is with; `roles`: user id → `manager`, `admin`…
    """

    users: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)
    dms: Mapping[str, str] = field(default_factory=dict)
    roles: Mapping[str, str] = field(default_factory=dict)

    def user(self, user_id: str, label: str | None = None) -> str:
        """`@Dana Levi`; an unknown user by the label Slack sent, else by its id."""
        return "@" + (self.users.get(user_id) or label or user_id)

    def channel(self, channel_id: str, label: str | None = None) -> str:
        return "#" + (self.channels.get(channel_id) or label or channel_id)

    def where(self, channel: str) -> str:
        """Where a message in `channel` shows: `#support` or `DM to @Maya Friedman (manager)`."""
        user = self.dms.get(channel)
        if user is None:
            return self.channel(channel)
        role = self.roles.get(user)
        return f"DM to {self.user(user)}" + (f" ({role})" if role else "")


def readable(text: str, names: Directory) -> str:
    """Slack mrkdwn as plain terminal text."""

    def link(match: re.Match[str]) -> str:
        sigil, target, label = match.group(1), match.group(2), match.group(3)
        if sigil == "@":
            return names.user(target, label)
        if sigil == "#":
            return names.channel(target, label)
        if sigil == "!":
            return label if label else "@" + target.split("^", 1)[0]
        target = target.removeprefix("mailto:")
        if label and label != target:
            return f"{label} ({target})"
        return target

    shown = _ANGLED.sub(link, text)
    shown = _ITALIC.sub(r"\1", _BOLD.sub(r"\1", shown))
    # A code block keeps its lines; only the fences go.
    lines = [
        line.replace(_FENCE, "") if line.strip() != _FENCE else None for line in shown.split("\n")
    ]
    shown = "\n".join(line for line in lines if line is not None)
    # &amp; last, so an escaped "&lt;" typed by someone stays "&lt;" on screen.
    return shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def render_blocks(blocks: Sequence[Mapping[str, Any]], names: Directory) -> list[str]:
    """The lines a list of Block Kit blocks reads as; unknown block types are skipped."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            title = _text_of(block.get("text"), names)
            lines += [title, "=" * min(len(title), len(RULE))]
        elif kind == "section":
            lines += _section(block, names)
        elif kind == "context":
            parts = [_element(element, names) for element in block.get("elements", [])]
            lines += ["  " + line for line in " · ".join(p for p in parts if p).split("\n")]
        elif kind == "actions":
            lines.append(" ".join(_element(e, names) for e in block.get("elements", [])))
        elif kind == "divider":
            lines.append(RULE)
        elif kind == "image":
            lines.append(f"[image: {block.get('alt_text', '')}]")
    return lines


def render_message(
    message: Mapping[str, Any],
    *,
    where: str,
    names: Directory,
    number: int | None = None,
    note: str | None = None,
    width: int = WIDTH,
) -> str:
    """One message: a line saying where it is (with its number for `press`, and a note such
    as `edited`), then its blocks, or its text when it has none, indented under it and
    wrapped at `width`."""
    head = where if number is None else f"[{number}] {where}"
    if note:
        head += f"  ({note})"
    blocks = message.get("blocks") or []
    body = render_blocks(blocks, names) if blocks else []
    if not body:
        body = readable(str(message.get("text") or ""), names).split("\n")
    return "\n".join([head, *_indented(body, width)])


def buttons_of(message: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every button in the message's actions blocks, in order."""
    found: list[dict[str, Any]] = []
    for block in message.get("blocks") or []:
        if block.get("type") != "actions":
            continue
        found += [dict(e) for e in block.get("elements", []) if e.get("type") == "button"]
    return found


# -- pieces ------------------------------------------------------------------------------------


def _section(block: Mapping[str, Any], names: Directory) -> list[str]:
    lines: list[str] = []
    if block.get("text"):
        lines += _text_of(block["text"], names).split("\n")
    fields = [_text_of(f, names).split("\n") for f in block.get("fields") or []]
    lines += _columns(fields)
    accessory = block.get("accessory")
    if accessory:
        lines.append(_element(accessory, names))
    return lines


def _columns(fields: list[list[str]]) -> list[str]:
    """Fields side by side in two columns, as Slack lays them out."""
    lines: list[str] = []
    width = max((len(line) for f in fields[::2] for line in f), default=0) + FIELD_GAP
    for left, right in zip(fields[::2], [*fields[1::2], []], strict=False):
        for row in range(max(len(left), len(right))):
            first = left[row] if row < len(left) else ""
            second = right[row] if row < len(right) else ""
            lines.append((first.ljust(width) + second).rstrip() if second else first)
    return lines


def _element(element: Mapping[str, Any], names: Directory) -> str:
    kind = element.get("type")
    if kind in ("mrkdwn", "plain_text"):
        return _text_of(element, names)
    if kind == "button":
        return f"[ {_text_of(element.get('text'), names)} ]"
    if kind == "image":
        return f"[image: {element.get('alt_text', '')}]"
    placeholder = element.get("placeholder") or element.get("text")
    label = _text_of(placeholder, names) if placeholder else str(kind)
    return f"[ {label} v ]"


def _text_of(text: Any, names: Directory) -> str:
    if not isinstance(text, Mapping):
        return str(text or "")
    raw = str(text.get("text", ""))
    return readable(raw, names) if text.get("type") == "mrkdwn" else raw


def _indented(lines: Iterable[str], width: int) -> list[str]:
    shown: list[str] = []
    for line in lines:
        if len(INDENT + line) <= width:
            shown.append(INDENT + line if line else "")
            continue
        # A wrapped line keeps its own indent (context lines are indented two more).
        inner = INDENT + " " * (len(line) - len(line.lstrip(" ")))
        shown += textwrap.wrap(
            line.strip(),
            width=width,
            initial_indent=inner,
            subsequent_indent=inner,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return shown
