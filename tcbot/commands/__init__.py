"""One module per `tcbot` command: `add_arguments(parser)` and `run(args) -> int`."""
