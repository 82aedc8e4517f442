"""Loopback stand-ins for TimeClock 365 and the Slack Web API, for tests and the demo."""
