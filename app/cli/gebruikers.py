"""`ijw gebruikers create|list|disable`: werkplek accounts for the gemeente's people."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, EXIT_REFUSED, CommandError, add_command, open_database, settings
from app.gebruikers.medewerker import ROLLEN

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from app.config import Settings
    from app.persistence.models import Gebruiker


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `gebruikers` subcommand."""
    gebruikers = add_command(commands, "gebruikers", help="werkplek accounts for people")
    actions = gebruikers.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = add_command(
        actions,
        "create",
        help="make a werkplek account",
        description="Make a werkplek account. The password (at least 12 characters) is read "
        "from stdin with --wachtwoord-stdin, else asked twice at the terminal; only its argon2 "
        "hash is stored.",
    )
    create.add_argument("naam", metavar="NAAM", help="the name to sign in with (stored lowercase)")
    create.add_argument("--rol", required=True, choices=ROLLEN, help="what the account may do")
    create.add_argument(
        "--gemeente",
        action="append",
        required=True,
        metavar="CODE",
        help="a CBS gemeentecode served here whose work the account sees; repeatable",
    )
    create.add_argument(
        "--wachtwoord-stdin",
        action="store_true",
        help="read the password from the first line of stdin",
    )
    create.set_defaults(run=run_create)
    listing = add_command(actions, "list", help="list accounts (never their passwords)")
    listing.set_defaults(run=run_list)
    disable = add_command(
        actions, "disable", help="disable an account; its open sessions stop at once"
    )
    disable.add_argument("naam", metavar="NAAM", help="the account's name")
    disable.set_defaults(run=run_disable)


@contextmanager
def _sessions() -> Iterator[tuple[Settings, sessionmaker[Session]]]:
    """The settings and a session factory on the configured database."""
    from app.persistence.database import make_sessionmaker

    chosen = settings()
    engine = open_database(chosen, pool_size=1)
    try:
        yield chosen, make_sessionmaker(engine)
    finally:
        engine.dispose()


def _wachtwoord(args: argparse.Namespace) -> str:
    """The new password: stdin's first line, or typed twice at a terminal."""
    if args.wachtwoord_stdin:
        regel = sys.stdin.readline()
        return regel.removesuffix("\n").removesuffix("\r")
    if not sys.stdin.isatty():
        raise CommandError(
            "geef het wachtwoord met --wachtwoord-stdin, of start de opdracht in een terminal",
            EXIT_REFUSED,
        )
    eerste = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Nogmaals: ") != eerste:
        raise CommandError("de wachtwoorden verschillen; er is niets opgeslagen", EXIT_REFUSED)
    return eerste


def run_create(args: argparse.Namespace) -> int:
    """Store an account with its role, gemeenten and the hash of its password."""
    from app.clock import SystemClock
    from app.gebruikers import service

    wachtwoord = _wachtwoord(args)
    with _sessions() as (chosen, factory):
        try:
            with factory.begin() as session:
                row = service.aanmaken(
                    session,
                    args.naam,
                    rol=args.rol,
                    gemeenten=args.gemeente,
                    wachtwoord=wachtwoord,
                    bediend=frozenset(chosen.gemeenten),
                    now=SystemClock().now(),
                )
                shown = _shown(row)
        except service.GebruikerGeweigerd as error:
            raise CommandError(f"{error}; er is niets opgeslagen", EXIT_REFUSED) from None
    print(json.dumps(shown))
    print(f"gebruiker {shown['naam']} aangemaakt, rol {shown['rol']}", file=sys.stderr)
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """Print every account's name, role, gemeenten and state as JSON lines."""
    from app.gebruikers import service

    with _sessions() as (_, factory), factory() as session:
        for row in service.alle(session):
            print(json.dumps(_shown(row)))
    return EXIT_OK


def run_disable(args: argparse.Namespace) -> int:
    """Disable an account and end its sessions."""
    from app.gebruikers import service

    with _sessions() as (_, factory):
        try:
            with factory.begin() as session:
                shown = _shown(service.uitschakelen(session, args.naam))
        except service.GebruikerGeweigerd as error:
            raise CommandError(str(error), EXIT_REFUSED) from None
    print(json.dumps({**shown, "disabled": True}))
    print(f"gebruiker {shown['naam']} uitgeschakeld; open sessies zijn beëindigd", file=sys.stderr)
    return EXIT_OK


def _shown(row: Gebruiker) -> dict[str, Any]:
    from app.clock import as_utc

    return {
        "id": row.id,
        "naam": row.naam,
        "rol": row.rol,
        "gemeenten": row.gemeenten,
        "disabled": row.disabled,
        "created_at": as_utc(row.created_at).isoformat(),
    }
