"""Turning punch records into hours: periods, per-day totals, open sessions."""
