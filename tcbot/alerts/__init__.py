"""The alert rules, and the alerts they raise."""
