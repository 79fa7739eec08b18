"""The stored state the cross-message checks read: `app.checks.cross.state.State` in SQL.

The ingest flow hands a `SqlState` on the message's own session to the checks in `app/checks`;
they only read. It asks the tables of several nouns (claims, verzoeken, toewijzingen, starts
and stops) because a check's question spans them.

The statements are built once with bound parameters and run on the session's connection:
this is the hot path of every message, and building ORM queries per call costs more than
running them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import BindParameter, CursorResult, Executable, bindparam, exists, select
from sqlalchemy.orm import Session

from app.checks.cross.state import StartStand, StopStand, ToewijzingStand
from app.ingest.repository import ACTIEF
from app.persistence.models import BerichtSleutel, StartZorg, StopZorg, Toewijzing, Verzoek
from app.toewijzingen.rij import product_of, toewijzing_stand
from app.verzoeken.status import OPEN_STATUSES

_MISSING = object()
T = TypeVar("T")

_GEMEENTE: BindParameter[str] = bindparam("gemeente")
_AANBIEDER: BindParameter[str] = bindparam("aanbieder")
_BSN: BindParameter[str] = bindparam("bsn")

_IDENTIFICATIE = select(
    exists().where(
        BerichtSleutel.afzender == bindparam("afzender"),
        BerichtSleutel.berichtcode == bindparam("berichtcode"),
        BerichtSleutel.identificatie == bindparam("identificatie"),
    )
)
_REFERENTIE = select(
    exists().where(
        Verzoek.gemeente == _GEMEENTE,
        Verzoek.aanbieder == _AANBIEDER,
        Verzoek.referentie_aanbieder == bindparam("referentie"),
    )
)
_OPEN_VERZOEK = select(
    exists().where(
        Verzoek.gemeente == _GEMEENTE,
        Verzoek.aanbieder == _AANBIEDER,
        Verzoek.bsn == _BSN,
        Verzoek.status.in_(OPEN_STATUSES),
    )
)
_TOEWIJZING_COLUMNS = (
    Toewijzing.nummer,
    Toewijzing.bsn,
    Toewijzing.aanbieder,
    Toewijzing.categorie,
    Toewijzing.code,
    Toewijzing.ingangsdatum_date,
    Toewijzing.einddatum_date,
    Toewijzing.reden_wijziging,
    Toewijzing.volume,
    Toewijzing.eenheid,
    Toewijzing.frequentie,
    Toewijzing.budget,
)
_TOEWIJZING = select(*_TOEWIJZING_COLUMNS).where(
    Toewijzing.gemeente == _GEMEENTE, Toewijzing.nummer == bindparam("nummer")
)
_TOEWIJZINGEN = (
    select(*_TOEWIJZING_COLUMNS)
    .where(
        Toewijzing.gemeente == _GEMEENTE, Toewijzing.aanbieder == _AANBIEDER, Toewijzing.bsn == _BSN
    )
    .order_by(Toewijzing.nummer)
)
_STARTS = (
    select(
        StartZorg.toewijzing_nummer, StartZorg.categorie, StartZorg.code, StartZorg.begindatum_date
    )
    .where(
        StartZorg.gemeente == _GEMEENTE,
        StartZorg.aanbieder == _AANBIEDER,
        StartZorg.bsn == _BSN,
        StartZorg.status == ACTIEF,
    )
    .order_by(StartZorg.id)
)
_STOPS = (
    select(
        StopZorg.toewijzing_nummer,
        StopZorg.categorie,
        StopZorg.code,
        StopZorg.begindatum_date,
        StopZorg.reden_beeindiging,
        StopZorg.einddatum_date,
    )
    .where(
        StopZorg.gemeente == _GEMEENTE,
        StopZorg.aanbieder == _AANBIEDER,
        StopZorg.bsn == _BSN,
        StopZorg.status == ACTIEF,
    )
    .order_by(StopZorg.id)
)


class SqlState:
    """`app.checks.cross.state.State` on the message's own session.

    One instance serves the checks of one message, which only read: each rule may ask for the
    same client's starts, stops or toewijzingen, so answers are kept for the instance's life.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._memo: dict[tuple[object, ...], Any] = {}

    def _once(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            found = self._memo[key] = compute()
        return found

    def _run(self, statement: Executable, **params: object) -> CursorResult:
        return self.session.connection().execute(statement, params)

    def remember_identificatie(
        self, afzender: str, berichtcode: str, identificatie: str, *, known: bool
    ) -> None:
        """Note what the caller already looked up, so TR056 needs no second query."""
        self._memo[("identificatie", afzender, berichtcode, identificatie)] = known

    def identificatie_bekend(self, afzender: str, berichtcode: str, identificatie: str) -> bool:
        """Whether the identification is claimed."""
        params = {"afzender": afzender, "berichtcode": berichtcode, "identificatie": identificatie}
        return self._once(
            ("identificatie", afzender, berichtcode, identificatie),
            lambda: bool(self._run(_IDENTIFICATIE, **params).scalar()),
        )

    def referentie_bekend(self, gemeente: str, aanbieder: str, referentie: str) -> bool:
        """Whether a verzoek with this ReferentieAanbieder exists."""
        found = self._run(
            _REFERENTIE, gemeente=gemeente, aanbieder=aanbieder, referentie=referentie
        )
        return bool(found.scalar())

    def open_verzoek(self, gemeente: str, aanbieder: str, bsn: str) -> bool:
        """Whether an open verzoek exists for the client."""
        return bool(
            self._run(_OPEN_VERZOEK, gemeente=gemeente, aanbieder=aanbieder, bsn=bsn).scalar()
        )

    def toewijzing(self, gemeente: str, nummer: int) -> ToewijzingStand | None:
        """The toewijzing with this number."""

        def lookup() -> ToewijzingStand | None:
            row = self._run(_TOEWIJZING, gemeente=gemeente, nummer=nummer).first()
            return toewijzing_stand(row) if row is not None else None

        return self._once(("toewijzing", gemeente, nummer), lookup)

    def toewijzingen(self, gemeente: str, aanbieder: str, bsn: str) -> list[ToewijzingStand]:
        """All toewijzingen of the client at the aanbieder."""
        return self._once(
            ("toewijzingen", gemeente, aanbieder, bsn),
            lambda: [
                toewijzing_stand(row)
                for row in self._run(_TOEWIJZINGEN, gemeente=gemeente, aanbieder=aanbieder, bsn=bsn)
            ],
        )

    def starts(self, gemeente: str, aanbieder: str, bsn: str) -> list[StartStand]:
        """Active starts, in order of receipt."""
        return self._once(
            ("starts", gemeente, aanbieder, bsn),
            lambda: [
                StartStand(n, product_of(cat, code), begin)
                for n, cat, code, begin in self._run(
                    _STARTS, gemeente=gemeente, aanbieder=aanbieder, bsn=bsn
                )
            ],
        )

    def stops(self, gemeente: str, aanbieder: str, bsn: str) -> list[StopStand]:
        """Active stops, in order of receipt."""
        return self._once(
            ("stops", gemeente, aanbieder, bsn),
            lambda: [
                StopStand(n, product_of(cat, code), begin, reden, eind)
                for n, cat, code, begin, reden, eind in self._run(
                    _STOPS, gemeente=gemeente, aanbieder=aanbieder, bsn=bsn
                )
            ],
        )
