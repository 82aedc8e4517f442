"""The policy file: company calendar, schedules, rule limits, teams."""
