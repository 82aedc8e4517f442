"""tcbot's state in SQLite: alerts and their life, the outbox, people, polls."""
