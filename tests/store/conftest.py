from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tcbot.store import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tcbot.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(db_path)
    yield opened
    opened.close()
