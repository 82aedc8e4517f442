"""Reading TimeClock 365: the JSON-RPC client and its typed records."""
