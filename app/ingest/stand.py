"""The stored state the cross-message checks read: `app.checks.cross.state.State` in SQL.

The ingest flow hands a `SqlState` on the message's own session to the checks in `app/checks`;
they only read. It asks the tables of several nouns (claims, verzoeken, toewijzingen, starts
and stops) because a check's question spans them.

The statements are built once with bound parameters and run on the session's connection:
this is the hot path of every message, and building ORM queries per call costs more than
running them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from typing import cast as typed

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    CursorResult,
    Executable,
    Row,
    Select,
    bindparam,
    cast,
    exists,
    false,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from app.checks.cross.state import StartStand, StopStand, ToewijzingStand
from app.ingest.repository import ACTIEF
from app.persistence.models import BerichtSleutel, StartZorg, StopZorg, Toewijzing, Verzoek
from app.toewijzingen import repository as toewijzing_rijen
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
_VERZOEKEN: CompoundSelect = union_all(
    select(
        null().label("referentie"),
        exists()
        .where(
            Verzoek.gemeente == _GEMEENTE,
            Verzoek.aanbieder == _AANBIEDER,
            Verzoek.bsn == _BSN,
            Verzoek.status.in_(OPEN_STATUSES),
        )
        .label("open"),
    ),
    select(Verzoek.referentie_aanbieder, false()).where(
        Verzoek.gemeente == _GEMEENTE,
        Verzoek.aanbieder == _AANBIEDER,
        Verzoek.referentie_aanbieder.in_(bindparam("referenties", expanding=True)),
    ),
)
"""`_OPEN_VERZOEK` and `_REFERENTIE` for a request's own references in one round trip: one row
without a reference tells whether an open verzoek exists, each other row names one in use."""
_START, _STOP, _TOEWIJZING = 0, 1, 2
_REGIE_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("regie_id", StartZorg.id),
    ("regie_nummer", StartZorg.toewijzing_nummer),
    ("regie_categorie", StartZorg.categorie),
    ("regie_code", StartZorg.code),
    ("regie_begindatum", StartZorg.begindatum_date),
    ("regie_reden", StopZorg.reden_beeindiging),
    ("regie_einddatum", StopZorg.einddatum_date),
)
"""A start's or stop's columns in the union, named apart from the toewijzing's."""


def _leeg(columns: Iterable[tuple[str, Any]]) -> list[ColumnElement[Any]]:
    """Typed NULLs: PostgreSQL matches a union's columns by type, SQLite reads dates by it."""
    return [cast(null(), column.type).label(name) for name, column in columns]


def _regie_select(table: type[StartZorg] | type[StopZorg], soort: int) -> Select:
    stop = table is StopZorg
    regie = [
        table.id,
        table.toewijzing_nummer,
        table.categorie,
        table.code,
        table.begindatum_date,
        StopZorg.reden_beeindiging if stop else cast(null(), StopZorg.reden_beeindiging.type),
        StopZorg.einddatum_date if stop else cast(null(), StopZorg.einddatum_date.type),
    ]
    return select(
        literal_column(str(soort)).label("soort"),
        table.id.label("volgorde"),
        *_leeg((c.name, c) for c in toewijzing_rijen.STAND_COLUMNS),
        *(column.label(name) for (name, _), column in zip(_REGIE_COLUMNS, regie, strict=True)),
    ).where(
        table.gemeente == _GEMEENTE,
        table.aanbieder == _AANBIEDER,
        table.bsn == _BSN,
        table.status == ACTIEF,
    )


_CLIENT_UNION: CompoundSelect = union_all(
    select(
        literal_column(str(_TOEWIJZING)).label("soort"),
        cast(Toewijzing.nummer, StartZorg.id.type).label("volgorde"),
        *toewijzing_rijen.STAND_COLUMNS,
        *_leeg(_REGIE_COLUMNS),
    ).where(
        Toewijzing.gemeente == _GEMEENTE, Toewijzing.aanbieder == _AANBIEDER, Toewijzing.bsn == _BSN
    ),
    _regie_select(StartZorg, _START),
    _regie_select(StopZorg, _STOP),
)
_CLIENT = _CLIENT_UNION.order_by(
    _CLIENT_UNION.selected_columns.soort, _CLIENT_UNION.selected_columns.volgorde
)
"""A client's toewijzingen (`STAND_COLUMNS`, by number) and active starts and stops (by
receipt) in one round trip: the checks of a start or stop ask all three."""


class SqlState:
    """`app.checks.cross.state.State` on the message's own session.

    One instance serves the checks of one message, which only read: each rule may ask for the
    same client's starts, stops or toewijzingen, so answers are kept for the instance's life.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._memo: dict[tuple[object, ...], Any] = {}
        self._rows: dict[tuple[str, int], Row | None] = {}
        self._verwacht: tuple[str, str, str, frozenset[str]] | None = None

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

    def verwacht_verzoeken(
        self, gemeente: str, aanbieder: str, bsn: str, referenties: Iterable[str]
    ) -> None:
        """Note the client and references a request's checks ask about, to answer all at once."""
        self._verwacht = (gemeente, aanbieder, bsn, frozenset(referenties))

    def _verzoeken(
        self, verwacht: tuple[str, str, str, frozenset[str]]
    ) -> tuple[bool, frozenset[str]]:
        """Whether the expected client has an open verzoek, and which expected references exist."""
        gemeente, aanbieder, bsn, referenties = verwacht

        def lookup() -> tuple[bool, frozenset[str]]:
            rows = self._run(
                _VERZOEKEN,
                gemeente=gemeente,
                aanbieder=aanbieder,
                bsn=bsn,
                referenties=sorted(referenties),
            ).all()
            return (
                any(row.open for row in rows),
                frozenset(row.referentie for row in rows if row.referentie is not None),
            )

        return self._once(("verzoeken", *verwacht), lookup)

    def referentie_bekend(self, gemeente: str, aanbieder: str, referentie: str) -> bool:
        """Whether a verzoek with this ReferentieAanbieder exists."""
        verwacht = self._verwacht
        if verwacht and verwacht[:2] == (gemeente, aanbieder) and referentie in verwacht[3]:
            return referentie in self._verzoeken(verwacht)[1]
        found = self._run(
            _REFERENTIE, gemeente=gemeente, aanbieder=aanbieder, referentie=referentie
        )
        return bool(found.scalar())

    def open_verzoek(self, gemeente: str, aanbieder: str, bsn: str) -> bool:
        """Whether an open verzoek exists for the client."""
        verwacht = self._verwacht
        if verwacht and verwacht[:3] == (gemeente, aanbieder, bsn):
            return self._verzoeken(verwacht)[0]
        return bool(
            self._run(_OPEN_VERZOEK, gemeente=gemeente, aanbieder=aanbieder, bsn=bsn).scalar()
        )

    def toewijzing(self, gemeente: str, nummer: int) -> ToewijzingStand | None:
        """The toewijzing with this number."""

        def lookup() -> ToewijzingStand | None:
            row = toewijzing_rijen.toewijzing_met_eerste_versie(self.session, gemeente, nummer)
            self._rows[gemeente, nummer] = row
            return toewijzing_stand(row) if row is not None else None

        return self._once(("toewijzing", gemeente, nummer), lookup)

    def _keep(self, gemeente: str, row: Row) -> Row:
        self._rows.setdefault((gemeente, row.nummer), row)
        return row

    def toewijzing_rij(self, gemeente: str, nummer: int) -> Row | None:
        """The toewijzing's stored row (`STAND_COLUMNS`) as the checks read it, else read now.

        A row is handed out once: the caller may change the toewijzing, so a second ask reads
        it again.
        """
        found = self._rows.pop((gemeente, nummer), _MISSING)
        if found is _MISSING:
            return toewijzing_rijen.toewijzing_met_eerste_versie(self.session, gemeente, nummer)
        return typed(Row | None, found)

    def toewijzingen(self, gemeente: str, aanbieder: str, bsn: str) -> list[ToewijzingStand]:
        """All toewijzingen of the client at the aanbieder."""
        return self._client(gemeente, aanbieder, bsn)[0]

    def starts(self, gemeente: str, aanbieder: str, bsn: str) -> list[StartStand]:
        """Active starts, in order of receipt."""
        return self._client(gemeente, aanbieder, bsn)[1]

    def stops(self, gemeente: str, aanbieder: str, bsn: str) -> list[StopStand]:
        """Active stops, in order of receipt."""
        return self._client(gemeente, aanbieder, bsn)[2]

    def _client(
        self, gemeente: str, aanbieder: str, bsn: str
    ) -> tuple[list[ToewijzingStand], list[StartStand], list[StopStand]]:
        def lookup() -> tuple[list[ToewijzingStand], list[StartStand], list[StopStand]]:
            toewijzingen: list[ToewijzingStand] = []
            starts: list[StartStand] = []
            stops: list[StopStand] = []
            for row in self._run(_CLIENT, gemeente=gemeente, aanbieder=aanbieder, bsn=bsn):
                soort = row.soort
                if soort == _TOEWIJZING:
                    toewijzingen.append(toewijzing_stand(self._keep(gemeente, row)))
                    continue
                product = product_of(row.regie_categorie, row.regie_code)
                if soort == _START:
                    starts.append(StartStand(row.regie_nummer, product, row.regie_begindatum))
                else:
                    stops.append(
                        StopStand(
                            row.regie_nummer,
                            product,
                            row.regie_begindatum,
                            row.regie_reden,
                            row.regie_einddatum,
                        )
                    )
            return toewijzingen, starts, stops

        return self._once(("client", gemeente, aanbieder, bsn), lookup)
