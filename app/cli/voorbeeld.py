"""`ijw voorbeeld jw305|jw307`: a start or stop for a toewijzing that exists, to try the service."""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, CommandError, add_command, open_database, settings

if TYPE_CHECKING:
    from app.ijw.builders.regie import Regiebericht
    from app.ijw.schemas import XsdVersie


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `voorbeeld` subcommand."""
    voorbeeld = add_command(
        commands,
        "voorbeeld",
        help="write an example message for data in the database",
        description="Write to stdout a valid message for a toewijzing in the configured "
        "database, as its aanbieder would send it (aanbieder, client, product and dates read "
        "from the database).",
    )
    kinds = voorbeeld.add_subparsers(dest="bericht", required=True, metavar="BERICHT")
    start = add_command(kinds, "jw305", help="a JW305 Start zorg for a toewijzing")
    _toewijzing_options(start)
    start.add_argument(
        "--begindatum",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the day care began (default: the toewijzing's Ingangsdatum)",
    )
    start.set_defaults(run=run_jw305)
    stop = add_command(kinds, "jw307", help="a JW307 Stop zorg for a started toewijzing")
    _toewijzing_options(stop)
    stop.add_argument(
        "--einddatum",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the last day of care (default: the toewijzing's Einddatum, or today if sooner)",
    )
    stop.add_argument(
        "--reden", default="31", help="RedenBeeindiging (JZ588); 31 is 'volgens plan'"
    )
    stop.set_defaults(run=run_jw307)


def _toewijzing_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--toewijzing", type=int, required=True, metavar="N", help="the ToewijzingNummer"
    )
    parser.add_argument(
        "--gemeente",
        metavar="CBS",
        help="the gemeente of the toewijzing (needed when several have the number)",
    )


def run_jw305(args: argparse.Namespace) -> int:
    """Write a JW305 starting the toewijzing."""
    from app.ijw.builders.regie import build_jw305

    with _gevonden(args) as gevonden:
        toewijzing, today = gevonden.toewijzing, gevonden.today
        begindatum = args.begindatum or toewijzing.ingangsdatum_date
        if begindatum > today:
            raise CommandError(
                f"toewijzing {toewijzing.nummer} starts on {begindatum}: a start cannot be "
                "dated in the future (TR134); give --begindatum or wait for that day"
            )
        bericht = gevonden.bericht(begindatum)
        sys.stdout.buffer.write(build_jw305(bericht, _versie("JW305")))
    return EXIT_OK


def run_jw307(args: argparse.Namespace) -> int:
    """Write a JW307 stopping the toewijzing's active start."""
    from dataclasses import replace

    from app.ijw.builders.regie import build_jw307
    from app.ingest.repository import laatste_start

    with _gevonden(args) as gevonden:
        toewijzing, today = gevonden.toewijzing, gevonden.today
        start = laatste_start(gevonden.session, toewijzing.gemeente, toewijzing.nummer)
        if start is None:
            raise CommandError(
                f"toewijzing {toewijzing.nummer} has no start (JW305) to stop: send one first "
                f"(`ijw voorbeeld jw305 --toewijzing {toewijzing.nummer}`)"
            )
        einde = args.einddatum or min(toewijzing.einddatum_date or today, today)
        bericht = replace(
            gevonden.bericht(start.begindatum_date),
            reden_beeindiging=args.reden,
            einddatum=max(einde, start.begindatum_date),
        )
        sys.stdout.buffer.write(build_jw307(bericht, _versie("JW307")))
    return EXIT_OK


@dataclass(frozen=True, slots=True)
class _Gevonden:
    """The toewijzing asked for, its client, today's date and the open session."""

    toewijzing: Any
    persoon: Any
    today: date
    session: Any

    def bericht(self, begindatum: date) -> Regiebericht:
        """A start of the toewijzing on `begindatum`, dated today, with a fresh Identificatie."""
        from app.ijw.builders.regie import Regiebericht
        from app.ijw.views import Product

        t = self.toewijzing
        return Regiebericht(
            aanbieder=t.aanbieder,
            gemeente=t.gemeente,
            identificatie=f"VB-{secrets.token_hex(4).upper()}",
            dagtekening=self.today,
            persoon=self.persoon,
            toewijzing_nummer=t.nummer,
            product=None if t.categorie is None else Product(t.categorie, t.code),
            toewijzing_ingangsdatum=t.ingangsdatum_date,
            begindatum=begindatum,
        )


@contextmanager
def _gevonden(args: argparse.Namespace) -> Iterator[_Gevonden]:
    """Look up the toewijzing and its client's personal data, or refuse saying why."""
    from app.clienten.repository import client as opgeslagen_client
    from app.clock import SystemClock, date_of
    from app.ijw.builders.regie import Persoon
    from app.persistence.database import make_sessionmaker
    from app.toewijzingen.repository import met_nummer

    chosen = settings()
    engine = open_database(chosen, pool_size=1)
    try:
        with make_sessionmaker(engine)() as session:
            found = met_nummer(session, args.toewijzing, args.gemeente, limit=2)
            where = f" of gemeente {args.gemeente}" if args.gemeente else ""
            if not found:
                raise CommandError(
                    f"no toewijzing {args.toewijzing}{where} in this database; "
                    "`GET /werkvoorraad` and the JW301s in `GET /outbox` show the numbers granted"
                )
            if len(found) > 1:
                raise CommandError(
                    f"toewijzing {args.toewijzing} exists in several gemeenten: add --gemeente"
                )
            [toewijzing] = found
            client = opgeslagen_client(session, toewijzing.gemeente, toewijzing.bsn)
            if client is None:
                raise CommandError(
                    f"the client of toewijzing {toewijzing.nummer} has no personal data stored"
                )
            persoon = Persoon(
                bsn=client.bsn,
                geboortedatum=client.geboortedatum_date,
                datum_gebruik=client.datum_gebruik,
                geslacht=client.geslacht,
                achternaam=client.achternaam,
                voorvoegsel=client.voorvoegsel,
                voornamen=client.voornamen,
                voorletters=client.voorletters,
            )
            yield _Gevonden(toewijzing, persoon, date_of(SystemClock().now()), session)
    finally:
        engine.dispose()


def _versie(message_type: str) -> XsdVersie:
    """The XsdVersie of the project's schema for the message."""
    from app.ijw.schemas import default_registry

    return default_registry()[message_type].versie
