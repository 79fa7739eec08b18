"""The `ijw` command: one entry point for people, containers and cron."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from importlib import metadata
from typing import TYPE_CHECKING

from app.cli import (
    db,
    deadlines,
    demo,
    evaluatie,
    gebruikers,
    keys,
    outbox,
    serve,
    validate,
    voorbeeld,
)
from app.cli.common import EXIT_SETTINGS, CommandError, DefaultsHelpFormatter, say

if TYPE_CHECKING:
    from sqlalchemy.exc import DBAPIError


def version() -> str:
    """The installed distribution's version."""
    try:
        return metadata.version("ijw-gemeente")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def parser() -> argparse.ArgumentParser:
    """The `ijw` parser with every command."""
    top = argparse.ArgumentParser(
        prog="ijw",
        description="iJw 3.2 message service. Settings come from IJW_* environment variables "
        "and from a .env file in the working directory.",
        formatter_class=DefaultsHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    top.add_argument(
        "--debug",
        action="store_true",
        help="print the traceback behind an error (also with IJW_LOG_LEVEL=DEBUG)",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (
        validate,
        serve,
        demo,
        db,
        deadlines,
        outbox,
        keys,
        gebruikers,
        voorbeeld,
        evaluatie,
    ):
        module.register(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `ijw` command and return its exit status."""
    from sqlalchemy.exc import DBAPIError

    from app.bootstrap import DatabaseNotReady
    from app.config import SettingsError

    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (SettingsError, DatabaseNotReady, CommandError) as error:
        _explain(args, str(error))
        return getattr(error, "status", EXIT_SETTINGS)
    except DBAPIError as error:
        _explain(args, _database_error(error))
        return EXIT_SETTINGS


def _database_error(error: DBAPIError) -> str:
    """A database failure in the middle of a command, said in one line."""
    from app.bootstrap import cause

    return f"the database failed: {cause(error)}"


def _explain(args: argparse.Namespace, message: str) -> None:
    say(message)
    if args.debug or _debug_level():
        traceback.print_exc(file=sys.stderr)


def _debug_level() -> bool:
    """IJW_LOG_LEVEL=DEBUG, from the environment or .env (even when other settings are wrong)."""
    from app.cli.common import settings

    try:
        return settings().log_level == "DEBUG"
    except Exception:  # the settings are what failed: look at the variable alone
        return os.environ.get("IJW_LOG_LEVEL", "").upper() == "DEBUG"
