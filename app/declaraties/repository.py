"""Every query on the declaratie tables, set-based: no query per prestatie."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import islice

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from app.declaraties.beoordeling import Debet, ToewijzingStand, Verbruik, maat
from app.persistence.models import Declaratie, DeclaratieRegel, EvaluatieCasus, Toewijzing
from app.toewijzingen.rij import toewijzing_verwijderd

CHUNK = 900
"""Values per IN list: under SQLite's and PostgreSQL's parameter limits with room to spare."""
REGELS_PER_INSERT = 1000
"""Accepted lines per INSERT: as SQLAlchemy batches them itself on PostgreSQL."""


def _chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def nummer_bekend(session: Session, gemeente: str, aanbieder: str, nummer: str) -> bool:
    """Whether this aanbieder's DeclaratieNummer was used by an earlier judged declaratie."""
    found = session.scalar(
        select(Declaratie.id).where(
            Declaratie.gemeente == gemeente,
            Declaratie.aanbieder == aanbieder,
            Declaratie.nummer == nummer,
        )
    )
    return found is not None


def vorige_periode(session: Session, gemeente: str, aanbieder: str) -> date | None:
    """Begindatum of the latest DeclaratiePeriode this aanbieder declared to the gemeente."""
    return session.scalar(
        select(func.max(Declaratie.begindatum_date)).where(
            Declaratie.gemeente == gemeente, Declaratie.aanbieder == aanbieder
        )
    )


def toewijzingen(
    session: Session, gemeente: str, aanbieder: str, nummers: Iterable[int]
) -> dict[int, ToewijzingStand]:
    """Toewijzingen of this aanbieder among these numbers; another aanbieder's stay unseen."""
    found: dict[int, ToewijzingStand] = {}
    for chunk in _chunks(set(nummers)):
        rows = session.execute(
            select(Toewijzing).where(
                Toewijzing.gemeente == gemeente,
                Toewijzing.aanbieder == aanbieder,
                Toewijzing.nummer.in_(chunk),
            )
        ).scalars()
        for t in rows:
            found[t.nummer] = ToewijzingStand(
                id=t.id,
                nummer=t.nummer,
                aanbieder=t.aanbieder,
                bsn=t.bsn,
                categorie=t.categorie,
                code=t.code,
                ingangsdatum=t.ingangsdatum_date,
                einddatum=t.einddatum_date,
                volume=t.volume,
                eenheid=t.eenheid,
                frequentie=t.frequentie,
                budget=t.budget,
                reden_wijziging=t.reden_wijziging,
            )
    return found


def referenties(
    session: Session, gemeente: str, aanbieder: str, nummers: Iterable[str]
) -> frozenset[str]:
    """Which of these ReferentieNummers this aanbieder's accepted lines already use."""
    found: set[str] = set()
    for chunk in _chunks(set(nummers)):
        found.update(
            session.scalars(
                select(DeclaratieRegel.referentie).where(
                    DeclaratieRegel.gemeente == gemeente,
                    DeclaratieRegel.aanbieder == aanbieder,
                    DeclaratieRegel.referentie.in_(chunk),
                )
            )
        )
    return frozenset(found)


def debets(
    session: Session, gemeente: str, aanbieder: str, nummers: Iterable[str]
) -> dict[str, Debet]:
    """Accepted debet lines of this aanbieder with these ReferentieNummers."""
    found: dict[str, Debet] = {}
    for chunk in _chunks(set(nummers)):
        rows = session.execute(
            select(
                DeclaratieRegel.id,
                DeclaratieRegel.referentie,
                DeclaratieRegel.toewijzing_id,
                DeclaratieRegel.bedrag,
                DeclaratieRegel.gecrediteerd,
            ).where(
                DeclaratieRegel.gemeente == gemeente,
                DeclaratieRegel.aanbieder == aanbieder,
                DeclaratieRegel.bedrag >= 0,
                DeclaratieRegel.referentie.in_(chunk),
            )
        )
        for row in rows:
            found[row.referentie] = Debet(row.id, row.toewijzing_id, row.bedrag, row.gecrediteerd)
    return found


def verbruik(session: Session, toewijzingen: Iterable[ToewijzingStand]) -> dict[int, Verbruik]:
    """Net accepted use (debet minus credit) per toewijzing, in its measure and eurocent."""
    found: dict[int, Verbruik] = {}
    for chunk in _chunks(t.id for t in toewijzingen):
        rows = session.execute(
            select(
                DeclaratieRegel.toewijzing_id,
                DeclaratieRegel.eenheid,
                DeclaratieRegel.einddatum_date,
                func.sum(DeclaratieRegel.volume),
                func.sum(DeclaratieRegel.bedrag),
            )
            .where(DeclaratieRegel.toewijzing_id.in_(chunk))
            .group_by(
                DeclaratieRegel.toewijzing_id,
                DeclaratieRegel.eenheid,
                DeclaratieRegel.einddatum_date,
            )
        )
        for toewijzing_id, eenheid, einde, volume, bedrag in rows:
            gebruikt = found.setdefault(toewijzing_id, Verbruik())
            gebruikt.tel(einde, maat(int(volume), eenheid), int(bedrag))
    return found


def bewaar(
    session: Session,
    *,
    declaratie: dict,
    regels: Iterable[dict],
    gecrediteerd: list[int],
    at: datetime,
) -> int:
    """Store a judged declaratie, its accepted lines, and mark the debets credits cancelled.

    The lines go in batches of `REGELS_PER_INSERT`, read from `regels` as they go: a
    declaratie's tens of thousands of lines are never all held as rows at once.
    """
    table = Declaratie.__table__
    connection = session.connection()
    declaratie_id = connection.execute(
        insert(table).values(received_at=at, **declaratie).returning(table.c.id)
    ).scalar_one()
    regels = iter(regels)
    while batch := [
        {"declaratie_id": declaratie_id, **r} for r in islice(regels, REGELS_PER_INSERT)
    ]:
        connection.execute(insert(DeclaratieRegel.__table__), batch)
    for chunk in _chunks(gecrediteerd):
        session.execute(
            update(DeclaratieRegel)
            .where(DeclaratieRegel.id.in_(chunk))
            .values(gecrediteerd=True)
            .execution_options(synchronize_session=False)
        )
    return declaratie_id


def verbruik_rijen(
    session: Session,
    gemeenten: Iterable[str],
    *,
    aanbieder: str | None,
    producten: Iterable[str],
    van: date | None,
    tot: date | None,
) -> list[tuple[Toewijzing, int, int]]:
    """Toewijzingen in scope and overlapping [van, tot], with net accepted minutes and eurocent.

    Lines count when their ProductPeriode lies in [van, tot]; deleted toewijzingen are left out.
    """
    query = select(Toewijzing).where(Toewijzing.gemeente.in_(sorted(gemeenten)))
    if aanbieder is not None:
        query = query.where(Toewijzing.aanbieder == aanbieder)
    codes = list(producten)
    if codes:
        query = query.where(Toewijzing.code.in_(codes))
    if van is not None:
        query = query.where(
            or_(Toewijzing.einddatum_date.is_(None), Toewijzing.einddatum_date >= van)
        )
    if tot is not None:
        query = query.where(Toewijzing.ingangsdatum_date <= tot)
    toewijzingen = [
        t for t in session.scalars(query.order_by(Toewijzing.id)) if not toewijzing_verwijderd(t)
    ]
    gebruikt = gedeclareerde_minuten(session, [t.id for t in toewijzingen], van=van, tot=tot)
    return [(t, *gebruikt.get(t.id, (0, 0))) for t in toewijzingen]


def gedeclareerde_minuten(
    session: Session,
    toewijzing_ids: Iterable[int],
    *,
    van: date | None = None,
    tot: date | None = None,
) -> dict[int, tuple[int, int]]:
    """Net accepted minutes and eurocent per toewijzing id, of lines within [van, tot]."""
    gebruikt: dict[int, tuple[int, int]] = {}
    for chunk in _chunks(toewijzing_ids):
        sums = select(
            DeclaratieRegel.toewijzing_id,
            func.coalesce(func.sum(DeclaratieRegel.minuten), 0),
            func.sum(DeclaratieRegel.bedrag),
        ).where(DeclaratieRegel.toewijzing_id.in_(chunk))
        if van is not None:
            sums = sums.where(DeclaratieRegel.begindatum_date >= van)
        if tot is not None:
            sums = sums.where(DeclaratieRegel.einddatum_date <= tot)
        for toewijzing_id, minuten, bedrag in session.execute(
            sums.group_by(DeclaratieRegel.toewijzing_id)
        ):
            gebruikt[toewijzing_id] = (int(minuten or 0), int(bedrag))
    return gebruikt


def evaluatie_casussen(
    session: Session, gemeenten: Iterable[str]
) -> list[tuple[Toewijzing, EvaluatieCasus]]:
    """The drawn evaluation cases of these gemeenten with their toewijzing, by number."""
    rows = session.execute(
        select(Toewijzing, EvaluatieCasus)
        .join(EvaluatieCasus, EvaluatieCasus.toewijzing_id == Toewijzing.id)
        .where(EvaluatieCasus.gemeente.in_(sorted(gemeenten)))
        .order_by(Toewijzing.gemeente, Toewijzing.nummer)
    )
    return [(t, casus) for t, casus in rows]


def contacttijden(session: Session, toewijzing_ids: Iterable[int]) -> dict[int, tuple]:
    """Recorded (direct, indirect) contact minutes by toewijzing id."""
    found: dict[int, tuple] = {}
    for chunk in _chunks(toewijzing_ids):
        rows = session.execute(
            select(
                EvaluatieCasus.toewijzing_id,
                EvaluatieCasus.direct_minuten,
                EvaluatieCasus.indirect_minuten,
            ).where(EvaluatieCasus.toewijzing_id.in_(chunk))
        )
        for toewijzing_id, direct, indirect in rows:
            found[toewijzing_id] = (direct, indirect)
    return found


def evaluatie_kandidaten(
    session: Session, gemeente: str, producten: Iterable[str], klaar_op: date
) -> list[Toewijzing]:
    """Toewijzingen of these products that ended by `klaar_op`, in id order; not deleted."""
    query = (
        select(Toewijzing)
        .where(
            Toewijzing.gemeente == gemeente,
            Toewijzing.code.in_(list(producten)),
            Toewijzing.einddatum_date.is_not(None),
            Toewijzing.einddatum_date <= klaar_op,
        )
        .order_by(Toewijzing.id)
    )
    return [t for t in session.scalars(query) if not toewijzing_verwijderd(t)]


def gekozen(session: Session, gemeente: str) -> set[int]:
    """Toewijzing ids already drawn for this gemeente's evaluation."""
    return set(
        session.scalars(
            select(EvaluatieCasus.toewijzing_id).where(EvaluatieCasus.gemeente == gemeente)
        )
    )


def bewaar_casussen(
    session: Session, gemeente: str, toewijzing_ids: list[int], seed: int, at: datetime
) -> None:
    """Store drawn cases."""
    if toewijzing_ids:
        session.connection().execute(
            insert(EvaluatieCasus.__table__),
            [
                {"toewijzing_id": i, "gemeente": gemeente, "seed": seed, "gekozen_at": at}
                for i in toewijzing_ids
            ],
        )


def casus(session: Session, gemeente: str, nummer: int) -> EvaluatieCasus | None:
    """The drawn case of a toewijzing, by gemeente and ToewijzingNummer."""
    return session.scalar(
        select(EvaluatieCasus)
        .join(Toewijzing, Toewijzing.id == EvaluatieCasus.toewijzing_id)
        .where(Toewijzing.gemeente == gemeente, Toewijzing.nummer == nummer)
    )
