"""Everything a person sees in Slack: listeners, Block Kit messages, wording."""
