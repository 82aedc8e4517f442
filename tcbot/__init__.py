"""tcbot: TimeClock 365 attendance in Slack."""

__version__ = "0.1.0"
