"""What every `ijw` command shares: its parser style, settings, the database it writes to."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.config import Settings

EXIT_OK, EXIT_REFUSED, EXIT_SETTINGS = 0, 1, 2


class CommandError(Exception):
    """A refusal that ends the command with one line on stderr and an exit status."""

    def __init__(self, message: str, status: int = EXIT_SETTINGS) -> None:
        super().__init__(message)
        self.status = status


class DefaultsHelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows an option's default, unless it has none or its help already says it."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False) or "default" in (action.help or ""):
            return action.help
        return super()._get_help_string(action)


def add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, **kwargs: Any
) -> argparse.ArgumentParser:
    """A subcommand whose --help shows every option's default."""
    return commands.add_parser(name, formatter_class=DefaultsHelpFormatter, **kwargs)


def settings() -> Settings:
    """The settings from the environment and ./.env (SettingsError ends the command)."""
    from app.config import load_settings

    return load_settings()


def say(message: str) -> None:
    """One line for the person on stderr, prefixed like every message of the command."""
    print(f"ijw: {message}", file=sys.stderr)


def open_database(chosen: Settings, *, pool_size: int = 10) -> Engine:
    """The configured database, reachable and migrated; says on stderr which one it is."""
    from app.bootstrap import database_label
    from app.bootstrap import open_database as open_ready

    say(f"database {database_label(chosen.database_url)}")
    return open_ready(chosen, pool_size=pool_size)
