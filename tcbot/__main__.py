"""`python -m tcbot` runs the command line."""

from tcbot.cli import main

raise SystemExit(main())
