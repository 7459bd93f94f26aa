"""``python -m planlib``: the command line."""

from planlib.apps.cli import main

raise SystemExit(main())
