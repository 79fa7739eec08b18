"""The cross-message checks' read-only view of stored state, answered by SQL."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.checks.cross.state import StartStand, StopStand, ToewijzingStand
from app.ijw.views import Omvang, Product
from app.persistence.models import BerichtSleutel, StartZorg, StopZorg, Toewijzing, Verzoek

OPEN_STATUSES = ("ontvangen", "in_onderzoek")
"""A verzoek with one of these has had neither a toewijzing nor a final afwijzing (TR374)."""

_MISSING = object()
ACTIEF = "actief"
VERWIJDERD = "verwijderd"


def product_of(categorie: str | None, code: str | None) -> Product | None:
    """The Product class of a row, None for a generic toewijzing or start."""
    return Product(categorie, code) if categorie is not None else None


def omvang_of(volume: int | None, eenheid: str | None, frequentie: str | None) -> Omvang | None:
    """The Omvang of a row, None when it has none."""
    if volume is None or eenheid is None or frequentie is None:
        return None
    return Omvang(volume, eenheid, frequentie)


def toewijzing_stand(row: Toewijzing) -> ToewijzingStand:
    """A stored toewijzing as the checks see it."""
    return ToewijzingStand(
        nummer=row.nummer,
        bsn=row.bsn,
        aanbieder=row.aanbieder,
        product=product_of(row.categorie, row.code),
        ingangsdatum=row.ingangsdatum_date,
        einddatum=row.einddatum_date,
        reden_wijziging=row.reden_wijziging,
        omvang=omvang_of(row.volume, row.eenheid, row.frequentie),
        budget=row.budget,
    )


class SqlState:
    """`app.checks.cross.state.State` on the message's own session.

    One instance serves the checks of one message, which only read: each rule may ask for the
    same client's starts, stops or toewijzingen, so answers are kept for the instance's life.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._memo: dict[tuple, object] = {}

    def _once(self, key: tuple, compute):
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            found = self._memo[key] = compute()
        return found

    def identificatie_bekend(self, afzender: str, berichtcode: str, identificatie: str) -> bool:
        """Whether the identification is claimed."""
        key = (afzender, berichtcode, identificatie)
        return self.session.get(BerichtSleutel, key) is not None

    def referentie_bekend(self, gemeente: str, aanbieder: str, referentie: str) -> bool:
        """Whether a verzoek with this ReferentieAanbieder exists."""
        query = select(
            exists().where(
                Verzoek.gemeente == gemeente,
                Verzoek.aanbieder == aanbieder,
                Verzoek.referentie_aanbieder == referentie,
            )
        )
        return bool(self.session.scalar(query))

    def open_verzoek(self, gemeente: str, aanbieder: str, bsn: str) -> bool:
        """Whether an open verzoek exists for the client."""
        query = select(
            exists().where(
                Verzoek.gemeente == gemeente,
                Verzoek.aanbieder == aanbieder,
                Verzoek.bsn == bsn,
                Verzoek.status.in_(OPEN_STATUSES),
            )
        )
        return bool(self.session.scalar(query))

    def toewijzing(self, gemeente: str, nummer: int) -> ToewijzingStand | None:
        """The toewijzing with this number."""
        return self._once(
            ("toewijzing", gemeente, nummer), lambda: self._toewijzing(gemeente, nummer)
        )

    def _toewijzing(self, gemeente: str, nummer: int) -> ToewijzingStand | None:
        row = self.session.scalar(
            select(Toewijzing).where(Toewijzing.gemeente == gemeente, Toewijzing.nummer == nummer)
        )
        return toewijzing_stand(row) if row is not None else None

    def toewijzingen(self, gemeente: str, aanbieder: str, bsn: str) -> list[ToewijzingStand]:
        """All toewijzingen of the client at the aanbieder."""
        key = ("toewijzingen", gemeente, aanbieder, bsn)
        return self._once(key, lambda: self._toewijzingen(gemeente, aanbieder, bsn))

    def _toewijzingen(self, gemeente: str, aanbieder: str, bsn: str) -> list[ToewijzingStand]:
        rows = self.session.scalars(
            select(Toewijzing)
            .where(
                Toewijzing.gemeente == gemeente,
                Toewijzing.aanbieder == aanbieder,
                Toewijzing.bsn == bsn,
            )
            .order_by(Toewijzing.nummer)
        )
        return [toewijzing_stand(row) for row in rows]

    def starts(self, gemeente: str, aanbieder: str, bsn: str) -> list[StartStand]:
        """Active starts, in order of receipt."""
        key = ("starts", gemeente, aanbieder, bsn)
        return self._once(key, lambda: self._starts(gemeente, aanbieder, bsn))

    def _starts(self, gemeente: str, aanbieder: str, bsn: str) -> list[StartStand]:
        rows = self.session.execute(
            select(
                StartZorg.toewijzing_nummer,
                StartZorg.categorie,
                StartZorg.code,
                StartZorg.begindatum_date,
            )
            .where(
                StartZorg.gemeente == gemeente,
                StartZorg.aanbieder == aanbieder,
                StartZorg.bsn == bsn,
                StartZorg.status == ACTIEF,
            )
            .order_by(StartZorg.id)
        )
        return [StartStand(n, product_of(cat, code), begin) for n, cat, code, begin in rows]

    def stops(self, gemeente: str, aanbieder: str, bsn: str) -> list[StopStand]:
        """Active stops, in order of receipt."""
        key = ("stops", gemeente, aanbieder, bsn)
        return self._once(key, lambda: self._stops(gemeente, aanbieder, bsn))

    def _stops(self, gemeente: str, aanbieder: str, bsn: str) -> list[StopStand]:
        rows = self.session.execute(
            select(
                StopZorg.toewijzing_nummer,
                StopZorg.categorie,
                StopZorg.code,
                StopZorg.begindatum_date,
                StopZorg.reden_beeindiging,
                StopZorg.einddatum_date,
            )
            .where(
                StopZorg.gemeente == gemeente,
                StopZorg.aanbieder == aanbieder,
                StopZorg.bsn == bsn,
                StopZorg.status == ACTIEF,
            )
            .order_by(StopZorg.id)
        )
        return [
            StopStand(n, product_of(cat, code), begin, reden, eind)
            for n, cat, code, begin, reden, eind in rows
        ]
