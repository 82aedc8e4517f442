"""Reading a Block Kit message the way a person would: its texts, its buttons."""

from __future__ import annotations

from typing import Any


def texts(message: dict[str, Any], kinds: tuple[str, ...] = ("mrkdwn", "plain_text")) -> list[str]:
    """Every text a reader can see: the fallback and each text object, in order."""
    found: list[str] = [message["text"]] if "text" in message else []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in kinds:
                found.append(node["text"])
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks", []))
    return found


def parsed(message: dict[str, Any]) -> list[str]:
    """The texts Slack parses for mentions and links: the fallback and every mrkdwn object
    (plain_text, as in headers and buttons, is shown literally)."""
    return texts(message, ("mrkdwn",))


def shown(message: dict[str, Any]) -> str:
    return "\n".join(texts(message))


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """action_id -> value of every button."""
    return {
        element["action_id"]: element.get("value", "")
        for block in message.get("blocks", [])
        if block["type"] == "actions"
        for element in block["elements"]
    }
