"""`ijw keys create|revoke|list`: API keys for brokers, aanbieders, workers and operators."""

from __future__ import annotations

import argparse
import json
import sys

from app.access.toegang import Rol

EXIT_OK, EXIT_REFUSED, EXIT_SETTINGS = 0, 1, 2


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `keys` subcommand."""
    keys = commands.add_parser("keys", help="API keys")
    actions = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        help="make a key and print it once",
        description="Make an API key. It is printed once and stored only as a hash: keep it.",
    )
    create.add_argument("--role", required=True, choices=[rol.value for rol in Rol])
    create.add_argument("--agb", help="the aanbieder's AGB code (role aanbieder)")
    create.add_argument(
        "--gemeente",
        action="append",
        default=[],
        help="a CBS gemeentecode the key is bound to (roles gemeente, beheerder); repeatable",
    )
    create.add_argument("--naam", help="who or what holds the key, for listings")
    create.set_defaults(run=run_create)
    revoke = actions.add_parser("revoke", help="revoke a key by its id or shown prefix")
    revoke.add_argument("key", metavar="ID_OR_PREFIX")
    revoke.set_defaults(run=run_revoke)
    listing = actions.add_parser("list", help="list keys (never the keys themselves)")
    listing.set_defaults(run=run_list)


def _sessions():
    """Settings and a session factory, or an exit status when the settings are wrong."""
    from app.config import SettingsError, load_settings
    from app.persistence.database import make_engine, make_sessionmaker
    from app.persistence.migrate import upgrade

    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"ijw: {error}", file=sys.stderr)
        return None, None, None
    engine = make_engine(settings.database_url)
    if engine.dialect.name == "sqlite":
        upgrade(engine)
    return settings, engine, make_sessionmaker(engine)


def run_create(args: argparse.Namespace) -> int:
    """Store a key and print it (and its id) once."""
    from app.access import keys
    from app.clock import SystemClock

    settings, engine, factory = _sessions()
    if factory is None:
        return EXIT_SETTINGS
    rol = Rol(args.role)
    elsewhere = sorted(set(args.gemeente) - set(settings.gemeenten))
    if elsewhere:
        print(f"ijw: gemeente {', '.join(elsewhere)} is not served here", file=sys.stderr)
        return EXIT_REFUSED
    try:
        with factory.begin() as session:
            row, key = keys.create(
                session,
                rol,
                naam=args.naam or rol.value,
                now=SystemClock().now(),
                agb=args.agb,
                gemeenten=args.gemeente,
            )
            shown = _shown(row)
    except keys.KeyRefused as error:
        print(f"ijw: {error}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        engine.dispose()
    print(key)
    print(f"key {shown['id']} ({shown['prefix']}...), role {rol}: shown once", file=sys.stderr)
    return EXIT_OK


def run_revoke(args: argparse.Namespace) -> int:
    """Revoke a key; running services stop accepting it within IJW_KEY_CACHE_SECONDS."""
    from app.access import keys
    from app.clock import SystemClock

    settings, engine, factory = _sessions()
    if factory is None:
        return EXIT_SETTINGS
    try:
        with factory.begin() as session:
            revoked = [_shown(row) for row in keys.revoke(session, args.key, SystemClock().now())]
    finally:
        engine.dispose()
    if not revoked:
        print(f"ijw: no active key {args.key}", file=sys.stderr)
        return EXIT_REFUSED
    print(json.dumps({"revoked": revoked}))
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """Print every key's id, prefix, role, scope and state as JSON lines."""
    from app.access import keys

    settings, engine, factory = _sessions()
    if factory is None:
        return EXIT_SETTINGS
    try:
        with factory() as session:
            for row in keys.all_keys(session):
                print(json.dumps(_shown(row)))
    finally:
        engine.dispose()
    return EXIT_OK


def _shown(row) -> dict:
    from app.clock import as_utc

    return {
        "id": row.id,
        "prefix": row.prefix,
        "rol": row.rol,
        "agb": row.agb,
        "gemeenten": row.gemeenten,
        "naam": row.naam,
        "created_at": as_utc(row.created_at).isoformat(),
        "revoked_at": None if row.revoked_at is None else as_utc(row.revoked_at).isoformat(),
    }
