"""`tcbot sandbox`."""

from __future__ import annotations

import argparse

from tcbot.errors import TcbotError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    # TODO: `tcbot sandbox` is not built yet; it matters as soon as anyone runs it.
    raise TcbotError("this command is not built yet")
