"""Compose and send a JW301: every current toewijzing of the client at the aanbieder (OP087)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Protocol

from sqlalchemy.orm import Session

from app.checks.issue import Issue
from app.clienten import repository as clienten
from app.clock import NL, as_utc, date_of
from app.deadlines.service import Termijnbewaking
from app.ijw import toewijzingstatus
from app.ijw.builders.jw301 import (
    JW301,
    ClientGegevens,
    ToegewezenProduct,
    Toewijzingbericht,
    build_jw301,
)
from app.ijw.schemas import SchemaRegistry
from app.ijw.views import Product
from app.outbox.service import OutboxService, OutgoingInvalid, check_outgoing
from app.persistence.models import Toewijzing
from app.toewijzingen import repository
from app.toewijzingen.client import client_gegevens
from app.toewijzingen.overlap import Periode
from app.toewijzingen.rij import omvang_of, product_of


def actueel(toewijzing: Toewijzing, today: date) -> bool:
    """Whether a toewijzing is current: not deleted, and not ended before today (§5.2)."""
    return toewijzingstatus.actueel(
        toewijzing.reden_wijziging, toewijzing.ingangsdatum_date, toewijzing.einddatum_date, today
    )


def toewijzingen_van(session: Session, gemeente: str, aanbieder: str, bsn: str) -> list[Toewijzing]:
    """Every toewijzing of a client at an aanbieder, by number."""
    return repository.van_client(session, gemeente, aanbieder, bsn)


def actuele_perioden(
    session: Session, gemeente: str, aanbieder: str, bsn: str, today: date
) -> list[Periode]:
    """The current toewijzingen every JW301 to this client at this aanbieder carries (OP087)."""
    return [
        Periode.van(row)
        for row in toewijzingen_van(session, gemeente, aanbieder, bsn)
        if actueel(row, today)
    ]


ZONDER_BRP = (
    "van deze cliënt zijn geen Contactgegevens bekend, dus er kan geen JW301 worden "
    "gemaakt: leg ze eerst vast met PUT /clientgegevens"
)


class BrpUitkomst(Protocol):
    """The outcome of one BRP call."""

    @property
    def gevonden(self) -> bool: ...  # noqa: D102
    @property
    def reden(self) -> str: ...  # noqa: D102


class BrpVraag(Protocol):
    """What the sender needs of the BRP service (app.brp.service.BrpService)."""

    def haal_op(  # noqa: D102
        self, session: Session, gemeente: str, bsn: str, *, waarom: str
    ) -> BrpUitkomst: ...


class Jw301Sender:
    """Builds a JW301 from stored state, checks it and puts it in the outbox."""

    def __init__(
        self,
        registry: SchemaRegistry,
        outbox: OutboxService,
        termijnen: Termijnbewaking | None = None,
    ) -> None:
        self.registry = registry
        self.outbox = outbox
        self.termijnen = termijnen
        self.brp: BrpVraag | None = None
        """Asks the BRP for a client without Contactgegevens (None: no BRP configured)."""

    def vraag_brp(self, session: Session, gemeente: str, bsn: str, *, waarom: str) -> str | None:
        """Without stored Contactgegevens ask the BRP; None when the client can go in a JW301.

        Otherwise the Dutch reason why the client's data is still missing.
        """
        client = clienten.client(session, gemeente, bsn)
        if client is not None and client.contacten:
            return None
        if self.brp is None:
            return ZONDER_BRP
        opvraging = self.brp.haal_op(session, gemeente, bsn, waarom=waarom)
        return None if opvraging.gevonden else opvraging.reden

    def client_issues(self, client: ClientGegevens, today: date) -> tuple[Issue, ...]:
        """What the standard's JW301 rules find in a client part, tried on a stand-in product."""
        stand_in = ToegewezenProduct(
            toewijzing_nummer=1,
            toewijzingsdatum=today,
            toewijzingstijd=time(0, 0),
            ingangsdatum=today,
            product=Product("45", None),
        )
        bericht = Toewijzingbericht(
            afzender="0000",
            ontvanger="00000000",
            identificatie="proef",
            dagtekening=today,
            xsd_versie=self.registry[JW301.name].versie,
            client=client,
            producten=(stand_in,),
        )
        try:
            check_outgoing(self.registry, JW301, build_jw301(bericht))
        except OutgoingInvalid as invalid:
            return invalid.issues or tuple(
                Issue("XSD", "", "", problem) for problem in invalid.problems
            )
        return ()

    def send(
        self,
        session: Session,
        *,
        gemeente: str,
        aanbieder: str,
        bsn: str,
        gewijzigd: frozenset[int],
        referenties: dict[int, str],
        now: datetime,
    ) -> int:
        """Send the client's toewijzingen; `gewijzigd` carry their RedenWijziging this time.

        `referenties` maps ToewijzingNummer to the ReferentieAanbieder of the request this JW301
        honours; every other product goes without one (TR379). Raises ClientgegevensOntbreken.
        """
        client = client_gegevens(clienten.client(session, gemeente, bsn))
        today = date_of(now)
        rows = [
            row
            for row in toewijzingen_van(session, gemeente, aanbieder, bsn)
            if row.nummer in gewijzigd or actueel(row, today)
        ]
        identificatie = self.outbox.identificatie(session, gemeente, JW301)
        bericht = Toewijzingbericht(
            afzender=gemeente,
            ontvanger=aanbieder,
            identificatie=identificatie,
            dagtekening=today,
            xsd_versie=self.registry[JW301.name].versie,
            client=client,
            producten=tuple(
                _toegewezen(row, row.nummer in gewijzigd, referenties.get(row.nummer))
                for row in rows
            ),
        )
        bericht_id = self.outbox.put(
            session,
            JW301,
            build_jw301(bericht),
            gemeente=gemeente,
            aanbieder=aanbieder,
            bsn=bsn,
            identificatie=identificatie,
            dagtekening=today,
            now=now,
        )
        for row in rows:
            if row.nummer in gewijzigd:
                repository.koppel_bericht(session, row.id, row.versie, bericht_id)
                if self.termijnen is not None:
                    self.termijnen.toewijzing_verzonden(session, row, now)
        return bericht_id


def _toegewezen(row: Toewijzing, gewijzigd: bool, referentie: str | None) -> ToegewezenProduct:
    """A ToegewezenProduct; date and time are when the gemeente decided, in Dutch time."""
    besloten = as_utc(row.toegewezen_at).astimezone(NL)
    return ToegewezenProduct(
        toewijzing_nummer=row.nummer,
        toewijzingsdatum=besloten.date(),
        toewijzingstijd=besloten.time().replace(microsecond=0, tzinfo=None),
        ingangsdatum=row.ingangsdatum_date,
        product=product_of(row.categorie, row.code),
        referentie_aanbieder=referentie,
        einddatum=row.einddatum_date,
        reden_wijziging=row.reden_wijziging if gewijzigd else None,
        omvang=omvang_of(row.volume, row.eenheid, row.frequentie),
        budget=row.budget,
    )
