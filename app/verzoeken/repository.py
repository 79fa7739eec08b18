"""Queries on requests: the werkvoorraad, recorded agreements, referrals and decisions."""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import (
    Row,
    SQLColumnExpression,
    and_,
    bindparam,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.elements import ColumnElement

from app import keyset
from app.deadlines import policy
from app.deadlines.policy import Soort
from app.deadlines.repository import status_van
from app.deadlines.service import VERZOEK
from app.deadlines.signalen import LOPEND
from app.decisions.beslissing import ENGINE, Beslissing, Figures
from app.decisions.context import EerdereToekenning, Vooroverleg, VooroverlegKind
from app.decisions.context import Verwijzing as VerwijzingFeiten
from app.ijw.views import Product
from app.persistence.deferred import write
from app.persistence.models import Bericht, Signaal, Verwijzing, Verzoek
from app.persistence.models import Beslissing as BeslissingRow
from app.persistence.models import Vooroverleg as VooroverlegRow
from app.verzoeken.status import AFGEWEZEN, IN_ONDERZOEK, TOEGEKEND, WACHT_OP_CLIENTGEGEVENS

_SET_STATUS = (
    update(Verzoek.__table__)
    .where(Verzoek.__table__.c.id == bindparam("verzoek_id"))
    .values(status=bindparam("status"), beantwoord_at=bindparam("beantwoord_at"))
)


def zet_status(
    session: Session, verzoek: Verzoek, status: str, *, beantwoord_at: datetime | None = None
) -> None:
    """Record a request's new status in one statement, and on the object without a flush."""
    beantwoord_at = beantwoord_at or verzoek.beantwoord_at
    write(
        session,
        _SET_STATUS,
        {"verzoek_id": verzoek.id, "status": status, "beantwoord_at": beantwoord_at},
        keys=[("verzoek", verzoek.id)],
    )
    set_committed_value(verzoek, "status", status)
    set_committed_value(verzoek, "beantwoord_at", beantwoord_at)


_VOOROVERLEGGEN = select(VooroverlegRow.__table__).where(
    VooroverlegRow.__table__.c.gemeente == bindparam("gemeente"),
    VooroverlegRow.__table__.c.aanbieder == bindparam("aanbieder"),
    VooroverlegRow.__table__.c.bsn == bindparam("bsn"),
)


class Vooroverleggen:
    """The client's recorded vooroverleggen, read only when a rule asks for them."""

    def __init__(self, session: Session, gemeente: str, aanbieder: str, bsn: str) -> None:
        self._load = lambda: session.connection().execute(
            _VOOROVERLEGGEN, {"gemeente": gemeente, "aanbieder": aanbieder, "bsn": bsn}
        )
        self._found: tuple[Vooroverleg, ...] | None = None

    def __iter__(self) -> Iterator[Vooroverleg]:
        if self._found is None:
            self._found = tuple(_vooroverleg(row) for row in self._load())
        return iter(self._found)


def _vooroverleg(row: Row) -> Vooroverleg:
    return Vooroverleg(
        gemeente=row.gemeente,
        aanbieder=row.aanbieder,
        bsn=row.bsn,
        product=Product(row.categorie, row.code),
        max_minutes=row.max_minuten,
        end_date=row.einddatum_date,
        kind=VooroverlegKind(row.soort),
    )


_VERWIJZING = select(Verwijzing.__table__).where(
    Verwijzing.__table__.c.gemeente == bindparam("gemeente"),
    Verwijzing.__table__.c.aanbieder == bindparam("aanbieder"),
    Verwijzing.__table__.c.referentie_aanbieder == bindparam("referentie"),
)


def verwijzing_van(session: Session, verzoek: Verzoek) -> Row | None:
    """The referral recorded for a request's ReferentieAanbieder, if any (a `verwijzing` row)."""
    params = {
        "gemeente": verzoek.gemeente,
        "aanbieder": verzoek.aanbieder,
        "referentie": verzoek.referentie_aanbieder,
    }
    return session.connection().execute(_VERWIJZING, params).first()


GEGEVEN = (TOEGEKEND, WACHT_OP_CLIENTGEGEVENS)
"""A request the gemeente granted (also a grant whose JW301 waits for client data)."""

_VOT_VAN_CLIENT = (
    select(
        Verzoek.id,
        Verzoek.referentie_aanbieder,
        Verzoek.status,
        Verzoek.dagtekening_date,
        Verzoek.categorie,
        Verzoek.code,
        Verzoek.verwijzer_type,
        Verzoek.verwijzer_code,
        Verzoek.verwijzer_naam,
        Verwijzing.datum_date.label("brief_date"),
    )
    .outerjoin(
        Verwijzing,
        (Verwijzing.gemeente == Verzoek.gemeente)
        & (Verwijzing.aanbieder == Verzoek.aanbieder)
        & (Verwijzing.referentie_aanbieder == Verzoek.referentie_aanbieder),
    )
    .where(
        Verzoek.gemeente == bindparam("gemeente"),
        Verzoek.bsn == bindparam("bsn"),
        Verzoek.soort == "VOT",
    )
    .order_by(Verzoek.id)
)


def vot_van_client(session: Session, gemeente: str, bsn: str) -> list[Row]:
    """The client's VOT requests in the gemeente, oldest first, each with its letter's date."""
    return list(session.execute(_VOT_VAN_CLIENT, {"gemeente": gemeente, "bsn": bsn}))


def verwijzing_feiten(
    session: Session,
    verzoek: Verzoek,
    granted_here: Collection[int] = (),
    *,
    van_client: list[Row] | None = None,
) -> VerwijzingFeiten:
    """What is known of the request's referral: its letter's date, and an earlier grant on it.

    A7: an earlier granted request of the client with the same referrer and product used the
    referral, unless the letter recorded for this request shows a new one. `granted_here`
    holds the ids of requests of the same message granted before this one; `van_client` is
    `vot_van_client` when the caller read it already since the request was stored.
    """
    rows = van_client
    if rows is None:
        rows = vot_van_client(session, verzoek.gemeente, verzoek.bsn)
    # The request's own row carries its letter (the join's key is unique); a request that is
    # no VOT reads it apart.
    own = next((row for row in rows if row.id == verzoek.id), None)
    if own is not None:
        letter_date = own.brief_date
    else:
        brief = verwijzing_van(session, verzoek)
        letter_date = brief.datum_date if brief is not None else None
    eerdere = [
        row
        for row in rows
        if row.id != verzoek.id
        and (row.status in GEGEVEN or row.id in granted_here)
        and (row.categorie, row.code) == (verzoek.categorie, verzoek.code)
        and zelfde_verwijzer(row, verzoek)
    ]
    if not eerdere:
        return VerwijzingFeiten(letter_date=letter_date, used_before=False)
    zelfde = [row for row in eerdere if not _nieuwe_brief(letter_date, row)]
    used_before = bool(zelfde)
    row = (zelfde or eerdere)[-1]
    eerder = EerdereToekenning(row.id, row.referentie_aanbieder, row.brief_date)
    return VerwijzingFeiten(letter_date=letter_date, used_before=used_before, eerder=eerder)


def zelfde_verwijzer(a: Row | Verzoek, b: Row | Verzoek) -> bool:
    """Whether two requests name the same referrer: type, then AGB code or else name."""
    if a.verwijzer_type != b.verwijzer_type:
        return False
    if a.verwijzer_code and b.verwijzer_code:
        return a.verwijzer_code == b.verwijzer_code
    if a.verwijzer_naam and b.verwijzer_naam:
        return a.verwijzer_naam.strip().casefold() == b.verwijzer_naam.strip().casefold()
    return False


def _nieuwe_brief(letter_date: date | None, eerder: Row) -> bool:
    """Whether this request's letter shows another referral than the earlier grant's."""
    if letter_date is None:
        return False
    if eerder.brief_date is not None:
        return letter_date != eerder.brief_date
    # The earlier grant's letter is unknown; one written after that request was sent cannot
    # be the letter it used.
    return letter_date > eerder.dagtekening_date


_INSERT_BESLISSING = insert(BeslissingRow.__table__)


def record_beslissing(
    session: Session,
    verzoek: Verzoek,
    beslissing: Beslissing,
    *,
    at: datetime,
    uitkomst: str | None = None,
    reden_afwijzing: str | None = None,
    bericht_id: int | None = None,
) -> None:
    """Store a decision record for a request."""
    write(
        session,
        _INSERT_BESLISSING,
        {
            "verzoek_id": verzoek.id,
            "regelset": beslissing.rule_set,
            "regel": beslissing.rule,
            "uitkomst": uitkomst or beslissing.outcome.value,
            "figuren": _json(beslissing.figures),
            "redenen": list(beslissing.reasons),
            "beheer": list(beslissing.beheer),
            "reden_afwijzing": reden_afwijzing,
            "besloten_door": beslissing.besloten_door,
            "besloten_at": at,
            "bericht_id": bericht_id,
        },
    )


_FIGUREN = tuple(field.name for field in fields(Figures))
"""The figures' names in order: all hold scalars, so no deep copy (`asdict`) is needed."""


def _json(figures: Figures) -> dict:
    found = {}
    for name in _FIGUREN:
        value = getattr(figures, name)
        found[name] = value.isoformat() if isinstance(value, date) else value
    return found


def beslissingen(session: Session, verzoek_ids: list[int]) -> dict[int, list[BeslissingRow]]:
    """Decision records per request, oldest first."""
    found: dict[int, list[BeslissingRow]] = {verzoek_id: [] for verzoek_id in verzoek_ids}
    if verzoek_ids:
        rows = session.scalars(
            select(BeslissingRow)
            .where(BeslissingRow.verzoek_id.in_(verzoek_ids))
            .order_by(BeslissingRow.id)
        )
        for row in rows:
            found[row.verzoek_id].append(row)
    return found


# --- the werkvoorraad: requests a gemeente worker decides, nearest deadline first ---------------

WERKVOORRAAD = (IN_ONDERZOEK, WACHT_OP_CLIENTGEGEVENS)
"""Statuses of the requests in the werkvoorraad."""

VERZOEK_TERMIJNEN = (Soort.ANTWOORD_VERZOEK, Soort.EINDANTWOORD)
"""The deadlines a request can owe: its first answer, and the final one after onderzoek."""


@dataclass(frozen=True, slots=True)
class Termijn:
    """The nearest deadline a request still owes, and which one it is."""

    uiterlijk: date
    soort: str


def _lopend(signaal: type[Signaal]) -> tuple[ColumnElement[bool], ...]:
    """A request's deadline it still owes: its first or final answer, open or overdue."""
    return (
        signaal.onderwerp == VERZOEK,
        signaal.soort.in_(VERZOEK_TERMIJNEN),
        signaal.status.in_(LOPEND),
    )


_LOPENDE_TERMIJNEN = _lopend(Signaal)
_EERDER = aliased(Signaal)
_NAASTE = and_(
    *_LOPENDE_TERMIJNEN,
    ~exists().where(
        *_lopend(_EERDER),
        _EERDER.onderwerp_id == Signaal.onderwerp_id,
        or_(
            _EERDER.due_date < Signaal.due_date,
            and_(_EERDER.due_date == Signaal.due_date, _EERDER.soort < Signaal.soort),
        ),
    ),
)
"""A request's nearest running deadline signal: no other running one of it is due earlier."""


def werkvoorraad(
    session: Session,
    gemeenten: Collection[str],
    *,
    aanbieder: str | None = None,
    uiterlijk_voor: date | None = None,
    product: str | None = None,
    status: str | None = None,
    dagtekening_tot: date | None = None,
    after: str | None = None,
    limit: int = 100,
) -> list[tuple[Verzoek, Termijn]]:
    """Requests in onderzoek or waiting for client data, by their nearest open deadline.

    That deadline comes from the request's running signals. A request without one (stored
    before deadlines were kept) is due 8 weeks after its Dagtekening and comes after the rest.
    `uiterlijk_voor` keeps the requests due before that date; `product` is a ProductCategorie
    (2 characters) or ProductCode (5); `dagtekening_tot` keeps requests sent before that date.

    The requests with a signal are read in the signals' due-date order (an index on
    onderwerp, due_date, onderwerp_id), so a page stops after `limit` rows however long the
    werkvoorraad is; the requests without one follow in id order.
    """
    where = _filters(gemeenten, aanbieder, product, status, dagtekening_tot)
    found: list[tuple[Verzoek, Termijn]] = []
    zonder_na = 0
    if after is not None and after.startswith(ZONDER_SIGNAAL.isoformat()):
        zonder_na = int(after.partition(".")[2])
    else:
        query = (
            select(Verzoek, Signaal.due_date, Signaal.soort)
            .join(Verzoek, Verzoek.id == Signaal.onderwerp_id)
            .where(_NAASTE, *where)
        )
        if uiterlijk_voor is not None:
            query = query.where(Signaal.due_date < uiterlijk_voor)
        if after is not None:
            query = query.where(
                keyset.na(Signaal.due_date.expression, Signaal.onderwerp_id.expression, after),
                # The same bound as a range on the index, so a deep page starts at its place.
                Signaal.due_date >= _ondergrens(after),
            )
        query = query.order_by(Signaal.due_date, Signaal.onderwerp_id).limit(limit)
        found = [(verzoek, Termijn(due, soort)) for verzoek, due, soort in session.execute(query)]
    if len(found) < limit:
        rest = limit - len(found)
        found += _zonder_signaal_lijst(session, where, uiterlijk_voor, zonder_na, rest)
    return found


def _ondergrens(after: str) -> date:
    """The cursor's date, or the day before one that does not exist (29 February)."""
    jaar, maand, dag = (int(deel) for deel in after.partition(".")[0].split("-"))
    if (maand, dag) == (2, 29) and not calendar.isleap(jaar):
        return date(jaar, 2, 28)
    return date(jaar, maand, dag)


def _zonder_signaal_lijst(
    session: Session,
    where: list[ColumnElement[bool]],
    uiterlijk_voor: date | None,
    na_id: int,
    limit: int,
) -> list[tuple[Verzoek, Termijn]]:
    """The werkvoorraad's requests without a running deadline signal, by id after `na_id`."""
    query = select(Verzoek).where(
        *where,
        Verzoek.id > na_id,
        ~exists().where(*_LOPENDE_TERMIJNEN, Signaal.onderwerp_id == Verzoek.id),
    )
    if uiterlijk_voor is not None:
        if uiterlijk_voor - date.min <= policy.ONDERZOEK_TERMIJN:
            return []  # 8 weeks before it lies before any date
        query = query.where(Verzoek.dagtekening_date < uiterlijk_voor - policy.ONDERZOEK_TERMIJN)
    rows = session.scalars(query.order_by(Verzoek.id).limit(limit))
    return [(verzoek, _zonder_signaal(verzoek)) for verzoek in rows]


def _filters(
    gemeenten: Collection[str],
    aanbieder: str | None,
    product: str | None,
    status: str | None,
    dagtekening_tot: date | None,
) -> list[ColumnElement[bool]]:
    """The werkvoorraad's conditions on the request itself (not on its deadline)."""
    statussen = WERKVOORRAAD if status is None else [s for s in WERKVOORRAAD if s == status]
    where: list[ColumnElement[bool]] = [
        Verzoek.status.in_(statussen),
        Verzoek.gemeente.in_(sorted(gemeenten)),
    ]
    if aanbieder is not None:
        where.append(Verzoek.aanbieder == aanbieder)
    if product is not None:
        where.append(Verzoek.categorie == product if len(product) == 2 else Verzoek.code == product)
    if dagtekening_tot is not None:
        where.append(Verzoek.dagtekening_date < dagtekening_tot)
    return where


def werkvoorraad_aantallen(
    session: Session,
    gemeenten: Collection[str],
    *,
    aanbieder: str | None = None,
    product: str | None = None,
    dagtekening_tot: date | None = None,
) -> dict[str, int]:
    """How many requests of the werkvoorraad each status holds, under the same filters."""
    query = (
        select(Verzoek.status, func.count())
        .where(*_filters(gemeenten, aanbieder, product, None, dagtekening_tot))
        .group_by(Verzoek.status)
    )
    found = dict.fromkeys(WERKVOORRAAD, 0)
    found.update({status: aantal for status, aantal in session.execute(query)})
    return found


def eigen_verzoek(session: Session, gemeenten: Collection[str], verzoek_id: int) -> Verzoek | None:
    """The request, if it exists and belongs to one of the gemeenten."""
    verzoek = session.get(Verzoek, verzoek_id)
    if verzoek is None or verzoek.gemeente not in gemeenten:
        return None
    return verzoek


ZONDER_SIGNAAL = date(9999, 12, 31)
"""The cursor date of a request without a running deadline signal: those come last."""


def werkvoorraad_cursor(session: Session, verzoek: Verzoek, termijn: Termijn) -> str:
    """The `next` naming this request's place in the werkvoorraad's order (uiterlijk, id)."""
    heeft_signaal = verzoek.id in _naaste_termijnen(session, [verzoek.id])
    return keyset.cursor(termijn.uiterlijk if heeft_signaal else ZONDER_SIGNAAL, verzoek.id)


def termijn_van(session: Session, verzoek: Verzoek) -> Termijn | None:
    """The nearest deadline the request still owes; None when it owes none."""
    found = _naaste_termijnen(session, [verzoek.id]).get(verzoek.id)
    if found is None and verzoek.status in WERKVOORRAAD:
        return _zonder_signaal(verzoek)
    return found


def _naaste_termijnen(session: Session, verzoek_ids: list[int]) -> dict[int, Termijn]:
    """Per request, its nearest running deadline signal (the same one the sort used)."""
    if not verzoek_ids:
        return {}
    rows = session.execute(
        select(Signaal.onderwerp_id, Signaal.due_date, Signaal.soort)
        .where(Signaal.onderwerp_id.in_(verzoek_ids), *_LOPENDE_TERMIJNEN)
        .order_by(Signaal.due_date.desc(), Signaal.soort.desc())
    )
    # Descending, so the nearest of each request is written last.
    return {verzoek_id: Termijn(due, soort) for verzoek_id, due, soort in rows}


def _zonder_signaal(verzoek: Verzoek) -> Termijn:
    """A request stored before deadlines were kept: its final answer, 8 weeks on."""
    return Termijn(policy.eindantwoord(verzoek.dagtekening_date), Soort.EINDANTWOORD.value)


# --- the teamleider's overview --------------------------------------------------------------


def _maand(session: Session, column: SQLColumnExpression[datetime]) -> ColumnElement[str]:
    """The UTC calendar month of a moment as `YYYY-MM`; SQLite keeps moments as UTC text."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.substr(column, 1, 7)


def per_maand_en_status(session: Session, gemeenten: frozenset[str], vanaf: datetime) -> list[Row]:
    """Requests received since `vanaf`, counted per month of receipt and current status."""
    maand = _maand(session, Verzoek.received_at).label("maand")
    return list(
        session.execute(
            select(maand, Verzoek.status, func.count().label("aantal"))
            .where(Verzoek.gemeente.in_(sorted(gemeenten)), Verzoek.received_at >= vanaf)
            .group_by(maand, Verzoek.status)
            .order_by(maand, Verzoek.status)
        )
    )


def automatisch_per_maand_en_regel(
    session: Session, gemeenten: frozenset[str], vanaf: datetime
) -> list[Row]:
    """The rule set's own decisions since `vanaf`, per month, rule and outcome."""
    maand = _maand(session, BeslissingRow.besloten_at).label("maand")
    return list(
        session.execute(
            select(maand, BeslissingRow.regel, BeslissingRow.uitkomst, func.count().label("aantal"))
            .join(Verzoek, Verzoek.id == BeslissingRow.verzoek_id)
            .where(
                Verzoek.gemeente.in_(sorted(gemeenten)),
                BeslissingRow.besloten_door == ENGINE,
                BeslissingRow.besloten_at >= vanaf,
            )
            .group_by(maand, BeslissingRow.regel, BeslissingRow.uitkomst)
            .order_by(maand, BeslissingRow.regel, BeslissingRow.uitkomst)
        )
    )


def beantwoord_sinds(session: Session, gemeenten: frozenset[str], vanaf: datetime) -> list[Row]:
    """Receipt and final answer of every request finally answered since `vanaf`."""
    return list(
        session.execute(
            select(Verzoek.received_at, Verzoek.beantwoord_at).where(
                Verzoek.gemeente.in_(sorted(gemeenten)),
                Verzoek.status.in_((TOEGEKEND, AFGEWEZEN)),
                Verzoek.beantwoord_at >= vanaf,
            )
        )
    )


def onderzoek_bijna_verlopen(
    session: Session, gemeenten: frozenset[str], tot: date, limit: int = 200
) -> list[Row]:
    """Requests in onderzoek whose 8 weeks end before `tot` (or have ended), soonest first."""
    return list(
        session.execute(
            select(
                Verzoek.id,
                Verzoek.gemeente,
                Verzoek.aanbieder,
                Verzoek.referentie_aanbieder,
                Verzoek.categorie,
                Verzoek.code,
                Verzoek.dagtekening_date,
                Signaal.due_date,
                status_van(Signaal.status, Signaal.due_date).label("status"),
            )
            .join(
                Signaal,
                (Signaal.onderwerp == VERZOEK)
                & (Signaal.onderwerp_id == Verzoek.id)
                & (Signaal.soort == Soort.EINDANTWOORD),
            )
            .where(
                Verzoek.gemeente.in_(sorted(gemeenten)),
                Signaal.status.in_(LOPEND),
                Signaal.due_date < tot,
            )
            .order_by(Signaal.due_date, Verzoek.id)
            .limit(limit)
        )
    )


def bericht_ids_van(session: Session, verzoek: Verzoek, records: list[BeslissingRow]) -> list[int]:
    """The messages of a request: its own, our answers, and the retours on either."""
    heen = {verzoek.bericht_id, *(row.bericht_id for row in records if row.bericht_id)}
    return list(
        session.scalars(
            select(Bericht.id)
            .where(or_(Bericht.id.in_(heen), Bericht.beantwoordt_id.in_(heen)))
            .order_by(Bericht.id)
        )
    )


def berichten_van(session: Session, verzoek: Verzoek, records: list[BeslissingRow]) -> list[Row]:
    """The messages of a request, oldest first: id, type, direction, identificatie, outcome."""
    ids = bericht_ids_van(session, verzoek, records)
    return list(
        session.execute(
            select(
                Bericht.id,
                Bericht.type,
                Bericht.richting,
                Bericht.identificatie,
                Bericht.at,
                Bericht.uitkomst,
            )
            .where(Bericht.id.in_(ids))
            .order_by(Bericht.id)
        )
    )


def bericht(session: Session, bericht_id: int) -> Bericht | None:
    """A message by id."""
    return session.get(Bericht, bericht_id)


def wachtend_op_clientgegevens(session: Session, gemeente: str, bsn: str) -> list[Verzoek]:
    """The verzoeken of a client waiting for Contactgegevens, by id."""
    return list(
        session.scalars(
            select(Verzoek)
            .where(
                Verzoek.gemeente == gemeente,
                Verzoek.bsn == bsn,
                Verzoek.status == WACHT_OP_CLIENTGEGEVENS,
            )
            .order_by(Verzoek.id)
        )
    )


def verwijzer_types(session: Session, verzoek_ids: list[int]) -> list[Row]:
    """The id and verwijzer type of each of these verzoeken."""
    query = select(Verzoek.id, Verzoek.verwijzer_type).where(Verzoek.id.in_(verzoek_ids))
    return list(session.execute(query))


def bericht_xml(session: Session, bericht_id: int) -> bytes | None:
    """The stored XML of a message."""
    return session.scalar(select(Bericht.xml).where(Bericht.id == bericht_id))


def met_referentie(session: Session, gemeente: str, aanbieder: str, referentie: str) -> Verzoek:
    """The one verzoek of an aanbieder in a gemeente with this ReferentieAanbieder."""
    return session.scalars(
        select(Verzoek).where(
            Verzoek.gemeente == gemeente,
            Verzoek.aanbieder == aanbieder,
            Verzoek.referentie_aanbieder == referentie,
        )
    ).one()


def aantallen_per_status(session: Session) -> dict[str, int]:
    """The number of verzoeken in each status, over every gemeente."""
    rows = session.execute(select(Verzoek.status, func.count()).group_by(Verzoek.status))
    return {status: aantal for status, aantal in rows}


_INSERT_VERZOEK = insert(Verzoek.__table__).returning(
    Verzoek.__table__.c.id, sort_by_parameter_order=True
)


def voeg_toe(session: Session, rows: list[dict]) -> list[Verzoek]:
    """Insert in one statement; the rows come back as detached Verzoek objects with their ids."""
    connection = session.connection()
    # One row goes as a plain insert: the many-rows form costs more than its round trip.
    ids = (
        [connection.execute(_INSERT_VERZOEK, rows[0]).scalar_one()]
        if len(rows) == 1
        else connection.execute(_INSERT_VERZOEK, rows).scalars().all()
    )
    return [Verzoek(id=verzoek_id, **row) for verzoek_id, row in zip(ids, rows, strict=True)]
