"""`ijw demo`: the service on a fresh database, filled with example traffic, in one command."""

from __future__ import annotations

import argparse
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, CommandError, add_command, say
from app.demo import DEMO_MEDEWERKER

if TYPE_CHECKING:
    from app.config import Settings
    from app.demo.vulling import Demo

DEMO_EPILOG = (
    "The demo serves Enschede (0153, Twente rule set) and Zwolle (0193, region B) with the rule "
    "sets in app/demo/regelsets/: the bundled ones with EXAMPLE product codes (45A48 Behandeling "
    "individueel, 45A53 Vaktherapie) and Zwolle as an example gemeente, not a real contract's "
    "choices. IJW_GEMEENTEN, IJW_DATABASE_URL and IJW_RULESET_DIR are ignored; other IJW_* "
    "settings apply."
)


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `demo` subcommand."""
    demo = add_command(
        commands,
        "demo",
        help="serve a fresh database filled with example traffic",
        description="Make a fresh SQLite database, fill it with two months of generated "
        "traffic through the ingest service (requests granted, in onderzoek, waiting for client "
        "data, rejected, started, stopped, overdue signals, a contact moment due), print API "
        "keys to try it with, and serve it as `ijw serve` does.",
        epilog=DEMO_EPILOG,
    )
    demo.add_argument("--host", default="127.0.0.1", help="address to listen on")
    demo.add_argument(
        "--port", type=int, help="TCP port to listen on (default: IJW_PORT, else 8000)"
    )
    demo.add_argument(
        "--database",
        type=Path,
        metavar="FILE",
        help="the SQLite file to make (must not exist yet; default: demo.db in a new "
        "temporary folder)",
    )
    demo.add_argument(
        "--fill-only",
        action="store_true",
        help="make and fill the database, print the keys, and stop without serving",
    )
    demo.set_defaults(run=run_demo)


@dataclass(frozen=True, slots=True)
class Sleutels:
    """The demo's API keys and the werkplek worker's password, each shown once."""

    broker: str
    gemeente: str
    aanbieder: str
    wachtwoord: str


def run_demo(args: argparse.Namespace) -> int:
    """Make, fill and (unless --fill-only) serve the demo database."""
    from app import logs
    from app.demo import REGELSETS

    database = _new_database(args.database)
    chosen = demo_settings(database)
    logs.configure(chosen.log_level, chosen.log_format)
    port = chosen.port if args.port is None else args.port
    say(f"demo database {database} (a fresh SQLite file; delete it when done)")
    say(
        f"demo rule sets {REGELSETS}: EXAMPLE product codes 45A48 (Behandeling individueel) and "
        "45A53 (Vaktherapie) for Twente, and Zwolle (0193) as region B's gemeente — demo values, "
        "not a real contract's"
    )
    demo, sleutels = fill(chosen)
    _summary(demo, sleutels, f"http://{args.host}:{port}")
    if args.fill_only:
        return EXIT_OK
    from app.cli.serve import serve_one

    say(f"demo serves http://{args.host}:{port} (Ctrl+C stops it)")

    serve_one(chosen, args.host, port)
    return EXIT_OK


def demo_settings(database: Path) -> Settings:
    """The environment's settings, with the demo's database, gemeenten and rule sets."""
    from app.config import load_settings
    from app.demo import GEMEENTEN, REGELSETS

    return load_settings(
        database_url=f"sqlite:///{database}", gemeenten=GEMEENTEN, ruleset_dir=REGELSETS
    )


def fill(chosen: Settings) -> tuple[Demo, Sleutels]:
    """Migrate the demo database, replay its traffic, and make its keys."""
    from app.access import keys
    from app.access.toegang import Rol
    from app.clock import FixedClock, SystemClock
    from app.demo import GEMEENTEN
    from app.demo.vulling import AANBIEDER, vul
    from app.gebruikers import service as gebruikers
    from app.main import build_services

    now = SystemClock().now()
    clock = FixedClock(now)
    services = build_services(chosen, clock)
    try:
        demo = vul(services, clock, now)
        with services.sessionmaker.begin() as session:
            _, broker = keys.create(session, Rol.BROKER, naam="demo broker", now=now)
            _, gemeente = keys.create(
                session, Rol.GEMEENTE, naam="demo medewerker", now=now, gemeenten=GEMEENTEN
            )
            _, aanbieder = keys.create(
                session, Rol.AANBIEDER, naam="demo aanbieder", now=now, agb=AANBIEDER
            )
            wachtwoord = secrets.token_urlsafe(15)
            gebruikers.aanmaken(
                session,
                DEMO_MEDEWERKER,
                rol="medewerker",
                gemeenten=GEMEENTEN,
                wachtwoord=wachtwoord,
                bediend=frozenset(chosen.gemeenten),
                now=now,
            )
    finally:
        services.engine.dispose()
    return demo, Sleutels(
        broker=broker, gemeente=gemeente, aanbieder=aanbieder, wachtwoord=wachtwoord
    )


def _new_database(asked: Path | None) -> Path:
    if asked is None:
        return Path(tempfile.mkdtemp(prefix="ijw-demo-")) / "demo.db"
    path = asked.resolve()
    if path.exists():
        raise CommandError(
            f"{path} already exists: the demo makes a fresh database (name a new file)"
        )
    if not path.parent.is_dir():
        raise CommandError(f"{path.parent} is not a folder")
    return path


def _summary(demo: Demo, sleutels: Sleutels, adres: str) -> None:
    """What the demo holds and how to reach it; the keys on stdout, to copy."""
    statussen = ", ".join(f"{aantal} {status}" for status, aantal in sorted(demo.verzoeken.items()))
    say(
        f"demo filled through the ingest service: {demo.berichten} messages, requests "
        f"{statussen}, {demo.toewijzingen} toewijzingen, {demo.overdue} signals overdue"
    )
    say(
        "the demo's API keys and werkplek sign-in, shown once: paste these lines in a second "
        "terminal"
    )
    print(f"export BROKER={sleutels.broker}     # role broker: POST /berichten, GET /outbox")
    print(f"export WORKER={sleutels.gemeente}     # role gemeente, 0153 and 0193")
    print(f"export AANBIEDER={sleutels.aanbieder}  # role aanbieder, AGB 87654321")
    print(
        f"# werkplek {adres}/werkplek/ — gebruiker {DEMO_MEDEWERKER}, "
        f"wachtwoord {sleutels.wachtwoord}",
        flush=True,
    )
