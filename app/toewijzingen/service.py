"""Toewijzingen on the gemeente's own initiative: grant, shorten or lengthen, delete (§2.5).

Each change is stored as a new version and sent at once in a JW301 with every current
toewijzing of the client at the aanbieder. The caller owns the transaction: on any error
raised here, or by the sender, it rolls back so nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from app.clienten import repository as clienten
from app.clock import date_of
from app.ijw.views import Omvang, Product
from app.persistence.models import Toewijzing
from app.problem import Problem
from app.toewijzingen import repository
from app.toewijzingen.client import ClientgegevensOntbreken, client_gegevens
from app.toewijzingen.jw301 import Jw301Sender, actuele_perioden
from app.toewijzingen.overlap import Periode, ToewijzingOverlap, overlappend
from app.toewijzingen.repository import volgend_toewijzingnummer
from app.toewijzingen.rij import toewijzing_verwijderd

VERWIJDERD = "13"
"""JZ002 RedenWijziging 13: deleted, with Einddatum = Ingangsdatum (CS335)."""

ADMINISTRATIEVE_CORRECTIE = "14"
"""JZ002 14: also the reason for ending a toewijzing after the aanbieder's definitive stop."""

REDEN_NA_STOP = {"02": "02", "35": "07", "38": "09", "39": "06"}
"""JZ588 RedenBeeindiging with exactly one matching JZ002 RedenWijziging (ijw-domain.md §8)."""

ENGINE = "engine"

NIET_TOEGESTAAN = {
    "01": "RedenWijziging 01 is vervallen (CS336); gebruik 14 voor een administratieve correctie",
    "12": "RedenWijziging 12 volgt op een verzoek van de aanbieder: alleen het honoreren van "
    "een VOW zet die",
    "13": "RedenWijziging 13 verwijdert de toewijzing: gebruik POST .../verwijdering",
}
"""JZ002 reasons a gemeente worker may not give for a change, and why."""


class ToewijzingFout(Problem):
    """A change the standard or the stored state does not allow; carries its problem type."""

    status_code = 422
    slug = "invalid-toewijzing"
    title = "Toewijzing niet mogelijk"


class ToewijzingOnbekend(ToewijzingFout):
    """No toewijzing has this number in this gemeente."""

    status_code = 404
    slug = "toewijzing-unknown"
    title = "Onbekende toewijzing"


class AlVerwijderd(ToewijzingFout):
    """The toewijzing was deleted (13 or 01 with equal dates) and counts as never sent."""

    status_code = 409
    slug = "toewijzing-deleted"
    title = "Toewijzing al verwijderd"


class EinddatumVoorIngangsdatum(ToewijzingFout):
    """Einddatum before Ingangsdatum (CS003)."""

    slug = "einddatum-before-ingangsdatum"
    title = "Einddatum voor Ingangsdatum"


class RedenNietToegestaan(ToewijzingFout):
    """A RedenWijziging a gemeente worker may not give (see NIET_TOEGESTAAN)."""

    slug = "reden-wijziging-not-allowed"
    title = "RedenWijziging hier niet toegestaan"


class EindeVoorBestaandeIngang(EinddatumVoorIngangsdatum):
    """A new Einddatum before the stored Ingangsdatum: the request conflicts with the toewijzing."""

    status_code = 409


class NietsGewijzigd(ToewijzingFout):
    """The Einddatum asked for is the current one: there is no change to send (IV099)."""

    status_code = 409
    slug = "nothing-changed"
    title = "Er verandert niets"


@dataclass(frozen=True, slots=True)
class NieuweToewijzing:
    """A grant without a request: a new ToewijzingNummer and no RedenWijziging (IV099)."""

    gemeente: str
    aanbieder: str
    bsn: str
    product: Product
    ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None
    budget: int | None


@dataclass(frozen=True, slots=True)
class Verstuurd:
    """A toewijzing as it stands after the change, and the JW301 that carries it."""

    toewijzing: Toewijzing
    bericht_id: int
    besloten_door: str


class GemeenteToewijzingen:
    """Grants and changes a gemeente worker makes; each sends one JW301 without references."""

    def __init__(self, jw301: Jw301Sender) -> None:
        self.jw301 = jw301

    def toewijzen(
        self, session: Session, nieuw: NieuweToewijzing, *, besloten_door: str, now: datetime
    ) -> Verstuurd:
        """Grant a new toewijzing and send it (OP257: a new number, no RedenWijziging)."""
        _einde_na_begin(nieuw.ingangsdatum, nieuw.einddatum)
        if self.jw301.brp is not None:
            reden = self.jw301.vraag_brp(
                session, nieuw.gemeente, nieuw.bsn, waarom=f"toewijzing door {besloten_door}"
            )
            if reden is not None:
                raise ClientgegevensOntbreken(reden)
        client_gegevens(clienten.client(session, nieuw.gemeente, nieuw.bsn))
        periode = Periode.nieuw(
            nieuw.product, nieuw.ingangsdatum, nieuw.einddatum, "de nieuwe toewijzing"
        )
        _geen_overlap(session, nieuw.gemeente, nieuw.aanbieder, nieuw.bsn, periode, now)
        row = repository.create_toewijzing(
            session,
            gemeente=nieuw.gemeente,
            nummer=volgend_toewijzingnummer(session, nieuw.gemeente),
            aanbieder=nieuw.aanbieder,
            bsn=nieuw.bsn,
            product=nieuw.product,
            ingangsdatum=nieuw.ingangsdatum,
            einddatum=nieuw.einddatum,
            omvang=nieuw.omvang,
            budget=nieuw.budget,
            toegewezen_at=now,
            besloten_door=besloten_door,
        )
        return self._verstuur(session, row, besloten_door, now)

    def wijzigen(
        self,
        session: Session,
        gemeente: str,
        nummer: int,
        *,
        einddatum: date | None,
        reden: str,
        besloten_door: str,
        now: datetime,
    ) -> Verstuurd:
        """Shorten or lengthen a toewijzing: same number, the given RedenWijziging (OP033x1)."""
        if reden in NIET_TOEGESTAAN:
            raise RedenNietToegestaan(NIET_TOEGESTAAN[reden])
        row = _bestaand(session, gemeente, nummer)
        _einde_na_begin(row.ingangsdatum_date, einddatum, EindeVoorBestaandeIngang)
        if einddatum == row.einddatum_date:
            raise NietsGewijzigd(f"toewijzing {nummer} heeft deze Einddatum al")
        return self._wijzig(session, row, einddatum, reden, besloten_door, now)

    def inkorten_na_stop(
        self,
        session: Session,
        row: Toewijzing,
        einddatum: date,
        reden_beeindiging: str,
        now: datetime,
    ) -> Verstuurd:
        """End a toewijzing on the Einddatum of the aanbieder's definitive stop (§2.4, §8)."""
        reden = REDEN_NA_STOP.get(reden_beeindiging, ADMINISTRATIEVE_CORRECTIE)
        return self._wijzig(session, row, einddatum, reden, ENGINE, now)

    def verwijderen(
        self, session: Session, gemeente: str, nummer: int, *, besloten_door: str, now: datetime
    ) -> Verstuurd:
        """Delete a toewijzing: Einddatum = Ingangsdatum with RedenWijziging 13 (CS335)."""
        row = _bestaand(session, gemeente, nummer)
        return self._wijzig(session, row, row.ingangsdatum_date, VERWIJDERD, besloten_door, now)

    def _wijzig(
        self,
        session: Session,
        row: Toewijzing,
        einddatum: date | None,
        reden: str,
        besloten_door: str,
        now: datetime,
    ) -> Verstuurd:
        # Refused before anything changes: the caller (a stop's ingest) may carry on without it.
        client_gegevens(clienten.client(session, row.gemeente, row.bsn))
        if not (reden == VERWIJDERD and einddatum == row.ingangsdatum_date):
            periode = Periode.van(row, einddatum, gewijzigd=True)
            _geen_overlap(session, row.gemeente, row.aanbieder, row.bsn, periode, now)
        repository.change_toewijzing(
            session,
            row,
            toegewezen_at=now,
            besloten_door=besloten_door,
            einddatum_date=einddatum,
            reden_wijziging=reden,
            # This version is not sent in answer to a request (TR379).
            referentie_aanbieder=None,
        )
        return self._verstuur(session, row, besloten_door, now)

    def _verstuur(
        self, session: Session, row: Toewijzing, besloten_door: str, now: datetime
    ) -> Verstuurd:
        bericht_id = self.jw301.send(
            session,
            gemeente=row.gemeente,
            aanbieder=row.aanbieder,
            bsn=row.bsn,
            gewijzigd=frozenset({row.nummer}),
            referenties={},
            now=now,
        )
        return Verstuurd(row, bericht_id, besloten_door)


def _bestaand(session: Session, gemeente: str, nummer: int) -> Toewijzing:
    """The toewijzing to change, locked until commit so two changes cannot race."""
    row = repository.voor_wijziging(session, gemeente, nummer)
    if row is None:
        raise ToewijzingOnbekend(f"gemeente {gemeente} heeft geen toewijzing {nummer}")
    if toewijzing_verwijderd(row):
        raise AlVerwijderd(f"toewijzing {nummer} is verwijderd en kan niet meer wijzigen")
    return row


def _geen_overlap(
    session: Session, gemeente: str, aanbieder: str, bsn: str, periode: Periode, now: datetime
) -> None:
    """Raise ToewijzingOverlap when the JW301 would carry `periode` beside an overlapping one."""
    anderen = actuele_perioden(session, gemeente, aanbieder, bsn, date_of(now))
    gevonden = overlappend(periode, anderen)
    if gevonden:
        raise ToewijzingOverlap([(periode, ander) for ander in gevonden])


def _einde_na_begin(
    ingangsdatum: date,
    einddatum: date | None,
    fout: type[EinddatumVoorIngangsdatum] = EinddatumVoorIngangsdatum,
) -> None:
    if einddatum is not None and einddatum < ingangsdatum:
        raise fout(f"Einddatum {einddatum} ligt voor Ingangsdatum {ingangsdatum} (CS003)")
