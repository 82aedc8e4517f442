"""Where each key of a TOML file is written, so policy errors can name the line.

`tomllib` gives no positions, so this is a plain line scan: table headers, arrays of tables
(`[[teams]]`, counted), and `key =` lines, dotted keys included. A key inside an inline table
or on a later line of a multi-line array is found at the line of the key that holds it.
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]

_ARRAY_HEADER = re.compile(r"\[\[\s*([^\]]+?)\s*\]\]")
_TABLE_HEADER = re.compile(r"\[\s*([^\]]+?)\s*\]")
_KEY_PART = r"(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
_KEY = re.compile(rf"({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_PART = re.compile(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)")


def key_lines(text: str) -> dict[KeyPath, int]:
    """The line (from 1) where each table and key first appears, by its path of keys.

    Elements of an array of tables are numbered from 0: `("teams", 1, "name")`.
    """
    lines: dict[KeyPath, int] = {}
    arrays: dict[KeyPath, int] = {}
    table: KeyPath = ()
    in_string = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        toggles = (line.count('"""') + line.count("'''")) % 2 == 1
        if in_string:
            in_string = not toggles
            continue
        if match := _ARRAY_HEADER.fullmatch(line.split("#", 1)[0].strip()):
            keys = _split(match.group(1))
            owner = (*_resolve(keys[:-1], arrays), keys[-1])
            arrays[owner] = arrays.get(owner, -1) + 1
            table = (*owner, arrays[owner])
            lines.setdefault(table, number)
        elif match := _TABLE_HEADER.fullmatch(line.split("#", 1)[0].strip()):
            table = _resolve(_split(match.group(1)), arrays)
            lines.setdefault(table, number)
        elif match := _KEY.match(line):
            lines.setdefault((*table, *_split(match.group(1))), number)
        in_string = toggles
    return lines


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of `path`, else of the nearest key or table that holds it."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _split(dotted: str) -> KeyPath:
    return tuple(
        next(group for group in m.groups() if group is not None) for m in _PART.finditer(dotted)
    )


def _resolve(keys: KeyPath, arrays: dict[KeyPath, int]) -> KeyPath:
    """A header's path, with the current element of each array of tables it passes through."""
    path: KeyPath = ()
    for key in keys:
        path = (*path, key)
        if path in arrays:
            path = (*path, arrays[path])
    return path
