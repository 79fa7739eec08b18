"""`ijw keys create|revoke|list`: API keys for brokers, aanbieders, workers and operators."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from app.access.toegang import Rol
from app.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    add_command,
    open_database,
    settings,
)

if TYPE_CHECKING:
    from app.persistence.models import ApiKey


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `keys` subcommand."""
    keys = add_command(commands, "keys", help="API keys")
    actions = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = add_command(
        actions,
        "create",
        help="make a key and print it once",
        description="Make an API key. It is printed once and stored only as a hash: keep it. "
        "Stderr names the database it was stored in: the server must use the same one.",
    )
    create.add_argument(
        "--role", required=True, choices=[rol.value for rol in Rol], help="what the key may do"
    )
    create.add_argument("--agb", help="the aanbieder's AGB code (role aanbieder)")
    create.add_argument(
        "--gemeente",
        action="append",
        default=[],
        help="a CBS gemeentecode the key is bound to (roles gemeente, beheerder); repeatable",
    )
    create.add_argument("--naam", help="who or what holds the key, for listings (default: role)")
    create.set_defaults(run=run_create)
    revoke = add_command(actions, "revoke", help="revoke a key by its id or shown prefix")
    revoke.add_argument("key", metavar="ID_OR_PREFIX", help="the key's id or prefix")
    revoke.set_defaults(run=run_revoke)
    listing = add_command(actions, "list", help="list keys (never the keys themselves)")
    listing.set_defaults(run=run_list)


@contextmanager
def _sessions() -> Iterator[tuple]:
    """The settings and a session factory on the configured database."""
    from app.persistence.database import make_sessionmaker

    chosen = settings()
    engine = open_database(chosen, pool_size=1)
    try:
        yield chosen, make_sessionmaker(engine)
    finally:
        engine.dispose()


def run_create(args: argparse.Namespace) -> int:
    """Store a key and print it (and its id) once."""
    from app.access import keys
    from app.clock import SystemClock

    rol = Rol(args.role)
    with _sessions() as (chosen, factory):
        elsewhere = sorted(set(args.gemeente) - set(chosen.gemeenten))
        if elsewhere:
            raise CommandError(f"gemeente {', '.join(elsewhere)} is not served here", EXIT_REFUSED)
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
            raise CommandError(str(error), EXIT_REFUSED) from None
    print(key)
    print(f"key {shown['id']} ({shown['prefix']}...), role {rol}: shown once", file=sys.stderr)
    return EXIT_OK


def run_revoke(args: argparse.Namespace) -> int:
    """Revoke a key; running services stop accepting it within IJW_KEY_CACHE_SECONDS."""
    from app.access import keys
    from app.clock import SystemClock

    with _sessions() as (_, factory), factory.begin() as session:
        revoked = [_shown(row) for row in keys.revoke(session, args.key, SystemClock().now())]
    if not revoked:
        raise CommandError(f"no active key {args.key}", EXIT_REFUSED)
    print(json.dumps({"revoked": revoked}))
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """Print every key's id, prefix, role, scope and state as JSON lines."""
    from app.access import keys

    with _sessions() as (_, factory), factory() as session:
        for row in keys.all_keys(session):
            print(json.dumps(_shown(row)))
    return EXIT_OK


def _shown(row: ApiKey) -> dict[str, Any]:
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
