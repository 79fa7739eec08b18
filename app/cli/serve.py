"""`ijw serve`: run the HTTP service."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, CommandError, add_command, settings

if TYPE_CHECKING:
    from app.config import Settings

SERVE_EPILOG = (
    "Required: IJW_GEMEENTEN, the CBS codes of the gemeenten served (e.g. IJW_GEMEENTEN=0153). "
    "The database is IJW_DATABASE_URL (default: the SQLite file var/ijw.db under the folder "
    "the command starts in, migrated on start; PostgreSQL is migrated by `ijw db upgrade`). "
    "Every IJW_* setting is listed in the README; a .env file in the working directory is read."
)


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `serve` subcommand."""
    serve = add_command(
        commands,
        "serve",
        help="run the HTTP service (needs IJW_GEMEENTEN)",
        description="Serve POST /berichten, the werkvoorraad, health and metrics.",
        epilog=SERVE_EPILOG,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument(
        "--port", type=int, help="TCP port to listen on (default: IJW_PORT, else 8000)"
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes; more than 1 only on PostgreSQL (one per core)",
    )
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """Check the database, then start uvicorn with the app; refuses on what cannot work."""
    import uvicorn

    from app import logs
    from app.bootstrap import database_label, open_database

    chosen = settings()
    logs.configure(chosen.log_level, chosen.log_format)
    if args.workers < 1:
        raise CommandError("--workers must be 1 or more")
    if args.workers > 1 and chosen.database_url.startswith("sqlite"):
        raise CommandError(
            f"--workers {args.workers} needs PostgreSQL: SQLite lets one process write at a "
            "time, so more workers only wait on each other (set IJW_DATABASE_URL, or use 1)"
        )
    port = chosen.port if args.port is None else args.port
    logs.logger("start").info("database", extra={"database": database_label(chosen.database_url)})
    # Refuse here with one line rather than in the app's start-up with a traceback; the app
    # logs "database ready" when it has its own connections.
    open_database(chosen, pool_size=1).dispose()
    if args.workers > 1:
        # Each worker process reads the same environment into its own app; their metrics meet
        # in a fresh folder of this run (counts of an earlier run must not add up).
        with metrics_folder():
            uvicorn.run(
                "app.main:create_app",
                factory=True,
                host=args.host,
                port=port,
                workers=args.workers,
                log_config=None,
                access_log=False,
            )
    else:
        serve_one(chosen, args.host, port)
    return EXIT_OK


def serve_one(chosen: Settings, host: str, port: int) -> None:
    """Serve the app in this process until interrupted (one worker; also `ijw demo`)."""
    import uvicorn

    from app.main import create_app

    uvicorn.run(create_app(chosen), host=host, port=port, log_config=None, access_log=False)


@contextmanager
def metrics_folder() -> Iterator[str]:
    """A fresh PROMETHEUS_MULTIPROC_DIR for the workers started inside, removed afterwards."""
    from app.metrics import MULTIPROC_DIR

    folder = tempfile.mkdtemp(prefix="ijw-metrics-")
    earlier = os.environ.get(MULTIPROC_DIR)
    os.environ[MULTIPROC_DIR] = folder
    try:
        yield folder
    finally:
        if earlier is None:
            os.environ.pop(MULTIPROC_DIR, None)
        else:
            os.environ[MULTIPROC_DIR] = earlier
        shutil.rmtree(folder, ignore_errors=True)
