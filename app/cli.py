"""The `ijw` command: one entry point for people, containers and cron."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import (
    deadlines_command,
    delivery_command,
    keys_command,
    serve_command,
    validate_command,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `ijw` command and return its exit status."""
    parser = argparse.ArgumentParser(prog="ijw", description="iJw 3.2 message service")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate_command.register(commands)
    serve_command.register(commands)
    deadlines_command.register(commands)
    delivery_command.register(commands)
    keys_command.register(commands)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
