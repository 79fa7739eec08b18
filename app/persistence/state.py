"""The cross-message checks' read-only view of stored state, answered by SQL.

The statements are built once with bound parameters and run on the session's connection:
this is the hot path of every message, and building ORM queries per call costs more than
running them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol, TypeVar

from sqlalchemy import BindParameter, CursorResult, Executable, bindparam, exists, select
from sqlalchemy.orm import Session

from app.checks.cross.state import StartStand, StopStand, ToewijzingStand
from app.ijw.toewijzingstatus import verwijderd
from app.ijw.views import Omvang, Product
from app.persistence.models import BerichtSleutel, StartZorg, StopZorg, Toewijzing, Verzoek

ONTVANGEN = "ontvangen"
IN_ONDERZOEK = "in_onderzoek"
WACHT_OP_CLIENTGEGEVENS = "wacht_op_clientgegevens"
"""Granted, but no JW301 can be built until the gemeente records the client's Contactgegevens."""
TOEGEKEND = "toegekend"
AFGEWEZEN = "afgewezen"

OPEN_STATUSES = (ONTVANGEN, IN_ONDERZOEK, WACHT_OP_CLIENTGEGEVENS)
"""A verzoek with one of these has had neither a toewijzing nor a final afwijzing (TR374)."""

ACTIEF = "actief"
VERWIJDERD = "verwijderd"
_MISSING = object()
T = TypeVar("T")


class VerwijderdRij(Protocol):
    """What `toewijzing_verwijderd` reads of a stored toewijzing (ORM object or row)."""

    @property
    def reden_wijziging(self) -> str | None: ...  # noqa: D102
    @property
    def einddatum_date(self) -> date | None: ...  # noqa: D102
    @property
    def ingangsdatum_date(self) -> date: ...  # noqa: D102


class ToewijzingRij(VerwijderdRij, Protocol):
    """The toewijzing columns, as an ORM object or a selected row carries them."""

    @property
    def nummer(self) -> int: ...  # noqa: D102
    @property
    def bsn(self) -> str: ...  # noqa: D102
    @property
    def aanbieder(self) -> str: ...  # noqa: D102
    @property
    def categorie(self) -> str | None: ...  # noqa: D102
    @property
    def code(self) -> str | None: ...  # noqa: D102
    @property
    def volume(self) -> int | None: ...  # noqa: D102
    @property
    def eenheid(self) -> str | None: ...  # noqa: D102
    @property
    def frequentie(self) -> str | None: ...  # noqa: D102
    @property
    def budget(self) -> int | None: ...  # noqa: D102


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


def toewijzing_verwijderd(row: VerwijderdRij) -> bool:
    """Whether a stored toewijzing was deleted (13, or the withdrawn 01, with equal dates)."""
    return verwijderd(row.reden_wijziging, row.ingangsdatum_date, row.einddatum_date)


def product_of(categorie: str | None, code: str | None) -> Product | None:
    """The Product class of a row, None for a generic toewijzing or start."""
    return Product(categorie, code) if categorie is not None else None


def omvang_of(volume: int | None, eenheid: str | None, frequentie: str | None) -> Omvang | None:
    """The Omvang of a row, None when it has none."""
    if volume is None or eenheid is None or frequentie is None:
        return None
    return Omvang(volume, eenheid, frequentie)


def toewijzing_stand(row: ToewijzingRij) -> ToewijzingStand:
    """A stored toewijzing (row or ORM object with the toewijzing columns) as the checks see it."""
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
