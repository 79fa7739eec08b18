"""Every query on the declaratie tables, set-based: no query per prestatie."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.declaraties.beoordeling import Debet, ToewijzingStand, Verbruik, maat
from app.persistence.models import Declaratie, DeclaratieRegel, Toewijzing

CHUNK = 900
"""Values per IN list: under SQLite's and PostgreSQL's parameter limits with room to spare."""


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
    regels: list[dict],
    gecrediteerd: list[int],
    at: datetime,
) -> int:
    """Store a judged declaratie, its accepted lines, and mark the debets credits cancelled."""
    table = Declaratie.__table__
    connection = session.connection()
    declaratie_id = connection.execute(
        insert(table).values(received_at=at, **declaratie).returning(table.c.id)
    ).scalar_one()
    if regels:
        connection.execute(
            insert(DeclaratieRegel.__table__),
            [{"declaratie_id": declaratie_id, **r} for r in regels],
        )
    for chunk in _chunks(gecrediteerd):
        session.execute(
            update(DeclaratieRegel)
            .where(DeclaratieRegel.id.in_(chunk))
            .values(gecrediteerd=True)
            .execution_options(synchronize_session=False)
        )
    return declaratie_id
