"""`ijw serve` and `ijw db upgrade`: run the service, migrate its database."""

from __future__ import annotations

import argparse
import sys

from app.config import Settings, SettingsError, load_settings

EXIT_OK, EXIT_SETTINGS = 0, 2


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `serve` and `db` subcommands."""
    serve = commands.add_parser(
        "serve",
        help="run the HTTP service",
        description="Serve POST /berichten, health and metrics. Settings come from IJW_* "
        "environment variables; the default database is an SQLite file under ./var.",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, help="default: IJW_PORT, else 8000")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.set_defaults(run=run_serve)

    db = commands.add_parser("db", help="database maintenance")
    actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = actions.add_parser("upgrade", help="migrate the database to the newest revision")
    upgrade.set_defaults(run=run_upgrade)


def _settings() -> Settings | None:
    try:
        return load_settings()
    except SettingsError as error:
        print(f"ijw: {error}", file=sys.stderr)
        return None


def run_serve(args: argparse.Namespace) -> int:
    """Start uvicorn with the app; refuses to start on invalid settings."""
    import uvicorn

    from app import logs
    from app.main import create_app

    settings = _settings()
    if settings is None:
        return EXIT_SETTINGS
    logs.configure(settings.log_level)
    port = settings.port if args.port is None else args.port
    if args.workers > 1:
        # Each worker process reads the same environment into its own app.
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
        uvicorn.run(
            create_app(settings), host=args.host, port=port, log_config=None, access_log=False
        )
    return EXIT_OK


def run_upgrade(args: argparse.Namespace) -> int:
    """Migrate the configured database to head."""
    from app.persistence.database import make_engine
    from app.persistence.migrate import current_revision, upgrade

    settings = _settings()
    if settings is None:
        return EXIT_SETTINGS
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        print(f"database at revision {current_revision(engine)}")
    finally:
        engine.dispose()
    return EXIT_OK
