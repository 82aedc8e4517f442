"""tcbot's state in SQLite: alerts and their life, the outbox, people, polls.

Open it with `Store.open(path)`; everything else hangs off the `Store`.
"""

from __future__ import annotations

from tcbot.store.alerts import MESSAGE_KINDS, AlertStore, MessageRef, StoredAlert
from tcbot.store.connection import StoreError
from tcbot.store.db import Store
from tcbot.store.outbox import OUTBOX_KINDS, Outbox, OutboxItem
from tcbot.store.people import Link, People, Refusal
from tcbot.store.polls import PollLog, PollRecord
from tcbot.store.schema import SCHEMA_VERSION

__all__ = [
    "MESSAGE_KINDS",
    "OUTBOX_KINDS",
    "SCHEMA_VERSION",
    "AlertStore",
    "Link",
    "MessageRef",
    "Outbox",
    "OutboxItem",
    "People",
    "PollLog",
    "PollRecord",
    "Refusal",
    "Store",
    "StoreError",
    "StoredAlert",
]
