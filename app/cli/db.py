"""`ijw db upgrade`: migrate the configured database."""

from __future__ import annotations

import argparse

from app.cli.common import EXIT_OK, add_command, say, settings


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `db` subcommand."""
    db = add_command(commands, "db", help="database maintenance")
    actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = add_command(
        actions,
        "upgrade",
        help="migrate the database to the newest revision",
        description="Migrate IJW_DATABASE_URL to the revision this version needs (idempotent).",
    )
    upgrade.set_defaults(run=run_upgrade)


def run_upgrade(args: argparse.Namespace) -> int:
    """Migrate the configured database to head."""
    from app.bootstrap import database_label, reachable
    from app.persistence.database import make_engine
    from app.persistence.migrate import current_revision, upgrade

    chosen = settings()
    say(f"database {database_label(chosen.database_url)}")
    engine = make_engine(chosen.database_url, pool_size=1)
    try:
        reachable(engine)
        upgrade(engine)
        print(f"database at revision {current_revision(engine)}")
    finally:
        engine.dispose()
    return EXIT_OK
